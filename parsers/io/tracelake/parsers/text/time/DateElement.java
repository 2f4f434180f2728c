package io.tracelake.parsers.text.time;

/**
 * The kinds of element a date pattern compiles to. An int per kind, not an enum, because the reader
 * switches on them for every line.
 */
final class DateElement {
  static final int LITERAL = 0;
  static final int YEAR = 1;
  static final int YEAR_OF_CENTURY = 2;
  static final int MONTH_NUMBER = 3;
  static final int MONTH_NAME = 4;
  static final int DAY = 5;
  static final int HOUR_OF_DAY = 6;        // H: 0-23
  static final int HOUR_OF_DAY_FROM_1 = 7; // k: 1-24
  static final int HOUR_OF_HALF_DAY = 8;   // h: 1-12
  static final int HOUR_OF_HALF_DAY_FROM_0 = 9; // K: 0-11
  static final int MINUTE = 10;
  static final int SECOND = 11;
  static final int FRACTION = 12;
  static final int AM_PM = 13;
  static final int DAY_OF_WEEK = 14;
  static final int OFFSET = 15;            // X, x, Z: Z, ±HH, ±HHMM, ±HH:MM
  static final int ZONE_NAME = 16;         // z: UTC, CET, GMT+01:00, ...
  static final int ZONE_ID = 17;           // VV: Europe/Paris
  static final int EPOCH_SECONDS = 18;
  static final int EPOCH_MILLIS = 19;
  static final int OPTIONAL_OFFSET = 20;   // an offset that may be absent (the lenient ISO-8601 reader)

  private DateElement() {}

  static boolean isNumeric(int kind) {
    return kind == YEAR || kind == YEAR_OF_CENTURY || kind == MONTH_NUMBER || kind == DAY || kind == HOUR_OF_DAY
        || kind == HOUR_OF_DAY_FROM_1 || kind == HOUR_OF_HALF_DAY || kind == HOUR_OF_HALF_DAY_FROM_0
        || kind == MINUTE || kind == SECOND || kind == FRACTION;
  }

  /** What the element reads, for rejection details. */
  static String describe(int kind) {
    return switch (kind) {
      case YEAR -> "the year";
      case YEAR_OF_CENTURY -> "the two-digit year";
      case MONTH_NUMBER -> "the month (1-12)";
      case MONTH_NAME -> "the month name";
      case DAY -> "the day of month";
      case HOUR_OF_DAY, HOUR_OF_DAY_FROM_1, HOUR_OF_HALF_DAY, HOUR_OF_HALF_DAY_FROM_0 -> "the hour";
      case MINUTE -> "the minutes";
      case SECOND -> "the seconds";
      case FRACTION -> "the fraction of a second";
      case AM_PM -> "AM or PM";
      case DAY_OF_WEEK -> "the day of week";
      case OFFSET, OPTIONAL_OFFSET -> "the UTC offset";
      case ZONE_NAME -> "the time zone name";
      case ZONE_ID -> "the time zone id";
      case EPOCH_SECONDS -> "epoch seconds";
      case EPOCH_MILLIS -> "epoch milliseconds";
      default -> "the literal text";
    };
  }
}
