package io.tracelake.parsers.text;

import io.tracelake.parsers.FieldRole;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Reads the durations logs write into microseconds: plain numbers in a known unit (nginx's
 * {@code 0.042} seconds, Apache's {@code %D} microseconds) and Go-style texts with units
 * ({@code 42ms}, {@code 1.5s}, {@code 1m2.5s}, {@code 250µs}).
 */
public final class Durations {
  public static final long NONE = Long.MIN_VALUE;

  public static final long NANOS_PER_MICRO = 1_000L;
  public static final long NANOS_PER_MILLI = 1_000_000L;
  public static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** The duration roles, most precise first, and the nanoseconds of each one's unit (0: the text has its unit). */
  private static final FieldRole[] DURATION_ROLES =
      {FieldRole.DURATION_US, FieldRole.DURATION_MS, FieldRole.DURATION_SECONDS, FieldRole.DURATION};
  private static final long[] NANOS_PER_ROLE_UNIT = {NANOS_PER_MICRO, NANOS_PER_MILLI, NANOS_PER_SECOND, 0};

  private Durations() {}

  /**
   * The most precise duration a line has, in µs, from the texts of the duration roles (µs, then ms, then seconds,
   * then a text with its unit); null when it has none. A text that is no duration goes to {@code notADuration}
   * (to be kept as an attribute: what the line said is not lost).
   */
  public static Long mostPrecise(Function<FieldRole, String> text, BiConsumer<FieldRole, String> notADuration) {
    for (int i = 0; i < DURATION_ROLES.length; i++) {
      String value = text.apply(DURATION_ROLES[i]);
      if (value == null) {
        continue;
      }
      long us = NANOS_PER_ROLE_UNIT[i] == 0 ? withUnit(value) : number(value, NANOS_PER_ROLE_UNIT[i]);
      if (us != NONE) {
        return us;
      }
      notADuration.accept(DURATION_ROLES[i], value);
    }
    return null;
  }

  /** A non-negative decimal number in the unit of {@code nanosPerUnit}, in µs; {@link #NONE} if not one. */
  public static long number(CharSequence text, long nanosPerUnit) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    if (numberEnd(text, start, end) != end) {
      return NONE;
    }
    long nanos = decimal(text, start, end, nanosPerUnit);
    return nanos == NONE ? NONE : (nanos + 500) / NANOS_PER_MICRO;
  }

  /** A Go-style duration ({@code 1h2m3.5s}, {@code 42ms}; a bare number is ms) in µs; {@link #NONE} if not one. */
  public static long withUnit(CharSequence text) {
    int pos = 0;
    int end = text.length();
    while (pos < end && text.charAt(pos) == ' ') {
      pos++;
    }
    while (end > pos && text.charAt(end - 1) == ' ') {
      end--;
    }
    if (pos == end) {
      return NONE;
    }
    long total = 0;
    boolean first = true;
    while (pos < end) {
      int numberEnd = numberEnd(text, pos, end);
      int unitEnd = numberEnd;
      while (unitEnd < end && !isNumberChar(text.charAt(unitEnd))) {
        unitEnd++;
      }
      long scale = unitScale(text, numberEnd, unitEnd);
      if (scale == NONE || (numberEnd == unitEnd && !first)) { // only a lone number may go without a unit
        return NONE;
      }
      long nanos = decimal(text, pos, numberEnd, scale);
      if (nanos == NONE) {
        return NONE;
      }
      total += nanos;
      pos = unitEnd;
      first = false;
    }
    return (total + 500) / NANOS_PER_MICRO;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNumberChar(char c) {
    return isDigit(c) || c == '.';
  }

  private static int numberEnd(CharSequence text, int from, int to) {
    int i = from;
    while (i < to && isDigit(text.charAt(i))) {
      i++;
    }
    if (i < to && text.charAt(i) == '.') {
      i++;
      while (i < to && isDigit(text.charAt(i))) {
        i++;
      }
    }
    return i;
  }

  private static long unitScale(CharSequence text, int from, int to) {
    return switch (text.subSequence(from, to).toString()) {
      case "", "ms" -> NANOS_PER_MILLI;
      case "ns" -> 1;
      case "us", "µs", "μs" -> NANOS_PER_MICRO;
      case "s" -> NANOS_PER_SECOND;
      case "m" -> 60 * NANOS_PER_SECOND;
      case "h" -> 3600 * NANOS_PER_SECOND;
      default -> NONE;
    };
  }

  /** {@code digits[.digits]} filling {@code [from, to)}, times the scale, in ns; {@link #NONE} if no digit. */
  private static long decimal(CharSequence text, int from, int to, long scale) {
    long whole = 0;
    int i = from;
    while (i < to && isDigit(text.charAt(i))) {
      if (i - from >= 12) {
        return NONE; // longer than any duration a log means
      }
      whole = whole * 10 + (text.charAt(i) - '0');
      i++;
    }
    boolean digits = i > from;
    long nanos = whole * scale;
    if (i < to && text.charAt(i) == '.') {
      i++;
      long divisor = 1;
      long fraction = 0;
      while (i < to) {
        if (divisor < 1_000_000_000L) {
          fraction = fraction * 10 + (text.charAt(i) - '0');
          divisor *= 10;
        }
        digits = true;
        i++;
      }
      nanos += fraction * scale / divisor;
    }
    return digits ? nanos : NONE;
  }
}
