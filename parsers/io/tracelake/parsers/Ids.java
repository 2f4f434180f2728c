package io.tracelake.parsers;

import java.util.Locale;

/** Normalises trace and span ids to the lowercase form the tables store. */
public final class Ids {

  private Ids() {}

  /** The id trimmed and lower-cased, or null when it is null or blank. */
  public static String normalize(String id) {
    if (id == null) {
      return null;
    }
    String trimmed = id.trim();
    if (trimmed.isEmpty()) {
      return null;
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return trimmed.toLowerCase(Locale.ROOT);
      }
    }
    return trimmed;
  }
}
