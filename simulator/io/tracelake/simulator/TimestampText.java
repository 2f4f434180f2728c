package io.tracelake.simulator;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Renders instants at one UTC offset in the layouts loggers and servers use: ISO-8601 with any
 * separator, precision and offset style, and the common log format of nginx and Apache. Appends to a
 * caller's builder and caches the date, because it runs once per line.
 */
final class TimestampText {
  /** Digits after the seconds. */
  enum Fraction {
    MILLIS,
    MICROS,
    /** Nine digits, as Docker writes them. */
    NANOS,
    /** Go's RFC3339Nano: up to nine digits without trailing zeros, and no dot when all are zero. */
    NANOS_TRIMMED
  }

  private static final long NANOS_PER_DAY = 86_400_000_000_000L;
  private static final String[] MONTHS =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  private final long offsetNanos;
  /** {@code Z} or {@code +01:00}. */
  private final String isoOffset;
  /** {@code +0000} or {@code +0100}. */
  private final String compactOffset;
  private long cachedDay = Long.MIN_VALUE;
  private LocalDate cachedDate;
  private final char[] digits = new char[9];

  TimestampText(ZoneOffset zone) {
    this.offsetNanos = zone.getTotalSeconds() * 1_000_000_000L;
    this.isoOffset = zone.getId();
    int seconds = zone.getTotalSeconds();
    int minutes = Math.abs(seconds) / 60;
    this.compactOffset = (seconds < 0 ? "-" : "+") + two(minutes / 60) + two(minutes % 60);
  }

  /**
   * Appends e.g. {@code 2026-11-20T11:15:30.123+01:00}.
   *
   * @param dateTimeSeparator {@code T} or a space
   * @param fractionSeparator {@code .} or Python's {@code ,}
   * @param offset whether to append the offset ({@code Z} at UTC)
   */
  void appendIso(StringBuilder out, long epochNanos, char dateTimeSeparator, char fractionSeparator,
      Fraction fraction, boolean offset) {
    long local = epochNanos + offsetNanos;
    appendDate(out, Math.floorDiv(local, NANOS_PER_DAY));
    out.append(dateTimeSeparator);
    long ofDay = Math.floorMod(local, NANOS_PER_DAY);
    appendTime(out, ofDay / 1_000_000_000L);
    int nanos = (int) (ofDay % 1_000_000_000L);
    switch (fraction) {
      case MILLIS:
        out.append(fractionSeparator);
        appendDigits(out, nanos / 1_000_000, 3);
        break;
      case MICROS:
        out.append(fractionSeparator);
        appendDigits(out, nanos / 1_000, 6);
        break;
      case NANOS:
        out.append(fractionSeparator);
        appendDigits(out, nanos, 9);
        break;
      default:
        appendTrimmedNanos(out, fractionSeparator, nanos);
    }
    if (offset) {
      out.append(isoOffset);
    }
  }

  /** Appends the common log format's time, e.g. {@code 20/Nov/2026:11:15:30 +0100}. */
  void appendCommonLog(StringBuilder out, long epochNanos) {
    long local = epochNanos + offsetNanos;
    LocalDate date = date(Math.floorDiv(local, NANOS_PER_DAY));
    appendDigits(out, date.getDayOfMonth(), 2);
    out.append('/').append(MONTHS[date.getMonthValue() - 1]).append('/');
    appendDigits(out, date.getYear(), 4);
    out.append(':');
    appendTime(out, Math.floorMod(local, NANOS_PER_DAY) / 1_000_000_000L);
    out.append(' ').append(compactOffset);
  }

  private void appendDate(StringBuilder out, long epochDay) {
    LocalDate date = date(epochDay);
    appendDigits(out, date.getYear(), 4);
    out.append('-');
    appendDigits(out, date.getMonthValue(), 2);
    out.append('-');
    appendDigits(out, date.getDayOfMonth(), 2);
  }

  private LocalDate date(long epochDay) {
    if (epochDay != cachedDay) {
      cachedDate = LocalDate.ofEpochDay(epochDay);
      cachedDay = epochDay;
    }
    return cachedDate;
  }

  private void appendTime(StringBuilder out, long secondOfDay) {
    appendDigits(out, (int) (secondOfDay / 3600), 2);
    out.append(':');
    appendDigits(out, (int) (secondOfDay / 60 % 60), 2);
    out.append(':');
    appendDigits(out, (int) (secondOfDay % 60), 2);
  }

  private void appendTrimmedNanos(StringBuilder out, char separator, int nanos) {
    if (nanos == 0) {
      return;
    }
    int width = 9;
    while (nanos % 10 == 0) {
      nanos /= 10;
      width--;
    }
    out.append(separator);
    appendDigits(out, nanos, width);
  }

  private void appendDigits(StringBuilder out, int value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      digits[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    out.append(digits, 0, width);
  }

  private static String two(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }
}
