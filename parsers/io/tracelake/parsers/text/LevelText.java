package io.tracelake.parsers.text;

import io.tracelake.parsers.Levels;

/**
 * Reads a level name from line bytes into the normalised constant, without allocating for the names
 * loggers write; anything else goes through {@link Levels#normalize}. Single letters (a pattern's
 * {@code %.-1level}) are read as the level they abbreviate.
 */
final class LevelText {

  private LevelText() {}

  /** The normalised level of the trimmed text, or null when it is blank. */
  static String read(byte[] line, int from, int to) {
    while (from < to && LineBytes.isSpace(line[from])) {
      from++;
    }
    while (to > from && LineBytes.isSpace(line[to - 1])) {
      to--;
    }
    int n = to - from;
    if (n == 0) {
      return null;
    }
    String known = switch (n) {
      case 1 -> letter(line[from] | 0x20);
      case 3 -> is(line, from, "err") ? "ERROR" : null;
      case 4 -> is(line, from, "info") ? "INFO" : is(line, from, "warn") ? "WARN" : is(line, from, "crit") ? "FATAL" : null;
      case 5 -> is(line, from, "debug") ? "DEBUG" : is(line, from, "error") ? "ERROR" : is(line, from, "trace") ? "TRACE"
          : is(line, from, "fatal") ? "FATAL" : null;
      case 7 -> is(line, from, "warning") ? "WARN" : null;
      default -> null;
    };
    return known != null ? known : Levels.normalize(LineBytes.decode(line, from, to));
  }

  private static String letter(int c) {
    return switch (c) {
      case 't' -> "TRACE";
      case 'd' -> "DEBUG";
      case 'i' -> "INFO";
      case 'w' -> "WARN";
      case 'e' -> "ERROR";
      case 'f' -> "FATAL";
      default -> null;
    };
  }

  /** True when the bytes spell the lowercase name in any case. */
  private static boolean is(byte[] line, int from, String lowercase) {
    for (int k = 0; k < lowercase.length(); k++) {
      if ((line[from + k] | 0x20) != lowercase.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
