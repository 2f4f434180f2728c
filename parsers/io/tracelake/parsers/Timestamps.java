package io.tracelake.parsers;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.LocalDateTime;

/**
 * Turns the timestamp texts and numbers that logs carry into UTC epoch microseconds.
 *
 * <p>ISO-8601 is scanned by hand (no {@code java.time} formatter, no allocation): it is on the path
 * of every line. Failures return {@link #INVALID} rather than throw, for the same reason.
 */
public final class Timestamps {

  /** Returned when a text is not a timestamp this class reads. */
  public static final long INVALID = Long.MIN_VALUE;

  private static final long MICROS_PER_SECOND = 1_000_000L;

  /**
   * The earliest time an event may carry, 1900-01-01T00:00Z: earlier ones are typos, zeroed fields or overflowed
   * numbers, and Parquet readers disagree about instants before the Gregorian switch.
   */
  public static final long EARLIEST_US = epochSeconds(1900, 1, 1, 0, 0, 0) * MICROS_PER_SECOND;
  /** The first time past the latest an event may carry, 2300-01-01T00:00Z: later ones are overflowed numbers. */
  public static final long END_US = epochSeconds(2300, 1, 1, 0, 0, 0) * MICROS_PER_SECOND;

  private Timestamps() {}

  /**
   * Reads {@code yyyy-MM-dd[T ]HH:mm[:ss[.fraction]][Z|±HH[:]MM|±HH]}; a time without an offset is in
   * {@code zoneWithoutOffset}.
   */
  public static long parseIso(CharSequence text, ZoneId zoneWithoutOffset) {
    int len = text.length();
    if (len < 16) {
      return INVALID;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    char dateTimeSeparator = text.charAt(10);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':'
        || (dateTimeSeparator != 'T' && dateTimeSeparator != 't' && dateTimeSeparator != ' ')) {
      return INVALID;
    }
    int pos = 16;
    int second = 0;
    long micros = 0;
    if (pos < len && text.charAt(pos) == ':') {
      second = digits(text, pos + 1, 2);
      if (second < 0 || second > 60) { // 60: a leap second, folded into the next one below
        return INVALID;
      }
      pos += 3;
      if (pos < len && (text.charAt(pos) == '.' || text.charAt(pos) == ',')) {
        pos++;
        int fractionStart = pos;
        long scale = 100_000;
        while (pos < len && isDigit(text.charAt(pos))) {
          micros += (text.charAt(pos) - '0') * scale; // digits past microseconds fall to scale 0
          scale /= 10;
          pos++;
        }
        if (pos == fractionStart) {
          return INVALID;
        }
      }
    }
    long offsetSeconds;
    if (pos == len) {
      long local = epochSeconds(year, month, day, hour, minute, second);
      offsetSeconds = offsetOf(zoneWithoutOffset, local);
    } else {
      char c = text.charAt(pos);
      if ((c == 'Z' || c == 'z') && pos + 1 == len) {
        offsetSeconds = 0;
      } else if (c == '+' || c == '-') {
        int oh = digits(text, pos + 1, 2);
        int om = 0;
        int rest = len - pos - 3;
        if (rest == 3 && text.charAt(pos + 3) == ':') {
          om = digits(text, pos + 4, 2);
        } else if (rest == 2) {
          om = digits(text, pos + 3, 2);
        } else if (rest != 0) {
          return INVALID;
        }
        if (oh < 0 || oh > 18 || om < 0 || om > 59) {
          return INVALID;
        }
        offsetSeconds = (c == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
      } else {
        return INVALID;
      }
    }
    long seconds = epochSeconds(year, month, day, hour, minute, second) - offsetSeconds;
    return seconds * MICROS_PER_SECOND + micros;
  }

  /** True for a time an event may carry: in [{@link #EARLIEST_US}, {@link #END_US}). */
  public static boolean inRange(long micros) {
    return micros >= EARLIEST_US && micros < END_US;
  }

  /**
   * Reads an epoch number in seconds, milliseconds, microseconds or nanoseconds, told apart by
   * magnitude (any of them for instants between 1973 and 2286).
   */
  public static long fromEpochNumber(double value) {
    double abs = Math.abs(value);
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return INVALID;
    }
    if (abs < 1e11) {
      return Math.round(value * 1e6);
    } else if (abs < 1e14) {
      return Math.round(value * 1e3);
    } else if (abs < 1e17) {
      return Math.round(value);
    }
    return Math.round(value / 1e3);
  }

  /** Same as {@link #fromEpochNumber(double)} for integers, exact. */
  public static long fromEpochNumber(long value) {
    if (value == Long.MIN_VALUE) {
      return INVALID; // its absolute value overflows, and any scaling of it would wrap to a plausible time
    }
    long abs = Math.abs(value);
    if (abs < 100_000_000_000L) {
      return value * 1_000_000L;
    } else if (abs < 100_000_000_000_000L) {
      return value * 1_000L;
    } else if (abs < 100_000_000_000_000_000L) {
      return value;
    }
    return value / 1_000L;
  }

  private static long offsetOf(ZoneId zone, long localEpochSeconds) {
    if (zone instanceof ZoneOffset offset) {
      return offset.getTotalSeconds();
    }
    LocalDateTime local = LocalDateTime.ofEpochSecond(localEpochSeconds, 0, ZoneOffset.UTC);
    return zone.getRules().getOffset(local).getTotalSeconds();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int digits(CharSequence text, int from, int count) {
    if (from + count > text.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Seconds since the epoch of a UTC civil time (days-from-civil, proleptic Gregorian). */
  static long epochSeconds(int year, int month, int day, int hour, int minute, int second) {
    int y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    int shiftedMonth = month > 2 ? month - 3 : month + 9;
    long dayOfYear = (153L * shiftedMonth + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    long days = era * 146_097 + dayOfEra - 719_468;
    return days * 86_400 + hour * 3600L + minute * 60L + second;
  }
}
