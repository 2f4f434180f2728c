package io.tracelake.parsers;

import java.util.Locale;

/** Normalises the level names of logging libraries to TRACE, DEBUG, INFO, WARN, ERROR and FATAL. */
public final class Levels {

  private Levels() {}

  /** The normalised level, the upper-cased text for a name it does not know, or null for null/blank. */
  public static String normalize(String level) {
    if (level == null) {
      return null;
    }
    String trimmed = level.trim();
    if (trimmed.isEmpty()) {
      return null;
    }
    return switch (trimmed.toUpperCase(Locale.ROOT)) {
      case "TRACE", "FINEST", "FINER" -> "TRACE";
      case "DEBUG", "FINE", "CONFIG" -> "DEBUG";
      case "INFO", "INFORMATION", "NOTICE" -> "INFO";
      case "WARN", "WARNING" -> "WARN";
      case "ERROR", "ERR", "SEVERE" -> "ERROR";
      case "FATAL", "CRITICAL", "CRIT", "ALERT", "EMERG", "EMERGENCY", "PANIC" -> "FATAL";
      default -> trimmed.toUpperCase(Locale.ROOT);
    };
  }
}
