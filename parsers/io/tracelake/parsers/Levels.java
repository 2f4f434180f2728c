package io.tracelake.parsers;

import java.util.Locale;

/** Normalises the level names and numbers of logging libraries to TRACE, DEBUG, INFO, WARN, ERROR and FATAL. */
public final class Levels {

  private static final String OTEL_ENUM_PREFIX = "SEVERITY_NUMBER_";

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
    // the common spellings first, without upper-casing a copy
    switch (trimmed) {
      case "INFO", "info": return "INFO";
      case "DEBUG", "debug": return "DEBUG";
      case "WARN", "warn": return "WARN";
      case "ERROR", "error": return "ERROR";
      case "TRACE", "trace": return "TRACE";
      default: break;
    }
    String upper = trimmed.toUpperCase(Locale.ROOT);
    return switch (upper) {
      case "TRACE", "FINEST", "FINER", "VERBOSE" -> "TRACE";
      case "DEBUG", "FINE", "CONFIG", "DBG" -> "DEBUG";
      case "INFO", "INFORMATION", "INFORMATIONAL", "NOTICE" -> "INFO";
      case "WARN", "WARNING" -> "WARN";
      case "ERROR", "ERR", "SEVERE" -> "ERROR";
      case "FATAL", "CRITICAL", "CRIT", "ALERT", "EMERG", "EMERGENCY", "PANIC" -> "FATAL";
      default -> upper;
    };
  }

  /**
   * The normalised level of a text that may be a number in {@code numbering} (pino writes {@code 30},
   * some shippers {@code "30"}); a name is read as by {@link #normalize(String)}. Null for null, blank
   * and the numbers that mean "unspecified" (OpenTelemetry 0).
   */
  public static String normalize(String level, LevelNumbering numbering) {
    if (level == null || numbering == LevelNumbering.NONE) {
      return normalize(level);
    }
    String trimmed = level.trim();
    long number = parseSmallInteger(trimmed);
    if (number != Long.MIN_VALUE) {
      return fromNumber(number, numbering);
    }
    if (numbering == LevelNumbering.OTEL && trimmed.regionMatches(true, 0, OTEL_ENUM_PREFIX, 0, OTEL_ENUM_PREFIX.length())) {
      // the protobuf enum name, e.g. SEVERITY_NUMBER_WARN2
      String name = trimmed.substring(OTEL_ENUM_PREFIX.length()).replaceAll("[0-9]+$", "");
      return "UNSPECIFIED".equalsIgnoreCase(name) ? null : normalize(name);
    }
    return normalize(trimmed);
  }

  /**
   * The normalised level of a number in {@code numbering}; null for OpenTelemetry's 0 (unspecified);
   * the decimal text of a number outside the scheme, as logged.
   */
  public static String fromNumber(long number, LevelNumbering numbering) {
    return switch (numbering) {
      case BUNYAN -> fromBunyan(number);
      case SYSLOG -> fromSyslog(number);
      case OTEL -> fromOtel(number);
      case NONE -> Long.toString(number);
    };
  }

  private static String fromBunyan(long number) {
    if (number <= 0) {
      return Long.toString(number);
    }
    // pino allows custom levels in between: each falls to the standard level at or above it
    if (number <= 10) {
      return "TRACE";
    } else if (number <= 20) {
      return "DEBUG";
    } else if (number <= 30) {
      return "INFO";
    } else if (number <= 40) {
      return "WARN";
    } else if (number <= 50) {
      return "ERROR";
    }
    return "FATAL";
  }

  private static String fromSyslog(long number) {
    if (number < 0 || number > 7) {
      return Long.toString(number);
    }
    return switch ((int) number) {
      case 0, 1, 2 -> "FATAL";
      case 3 -> "ERROR";
      case 4 -> "WARN";
      case 5, 6 -> "INFO";
      default -> "DEBUG";
    };
  }

  private static String fromOtel(long number) {
    if (number == 0) {
      return null;
    }
    if (number < 0 || number > 24) {
      return Long.toString(number);
    }
    return switch ((int) ((number - 1) / 4)) {
      case 0 -> "TRACE";
      case 1 -> "DEBUG";
      case 2 -> "INFO";
      case 3 -> "WARN";
      case 4 -> "ERROR";
      default -> "FATAL";
    };
  }

  /** The value of an optionally signed decimal of at most 9 digits, else Long.MIN_VALUE. */
  private static long parseSmallInteger(String text) {
    int len = text.length();
    int start = len > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
    if (len == start || len - start > 9) {
      return Long.MIN_VALUE;
    }
    long value = 0;
    for (int i = start; i < len; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return Long.MIN_VALUE;
      }
      value = value * 10 + (c - '0');
    }
    return text.charAt(0) == '-' ? -value : value;
  }
}
