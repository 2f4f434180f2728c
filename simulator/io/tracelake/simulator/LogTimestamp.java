package io.tracelake.simulator;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Renders instants the way one host's logger does: ISO-8601 with microseconds in the host's offset,
 * e.g. {@code 2026-11-20T11:15:30.123456+01:00}. Written by hand into a reused buffer, because it runs
 * once per log line.
 */
final class LogTimestamp {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private final long offsetUs;
  private final char[] offsetText;
  private final char[] buffer = new char[40];
  private long bufferedDay = Long.MIN_VALUE;

  LogTimestamp(ZoneOffset zone) {
    this.offsetUs = zone.getTotalSeconds() * 1_000_000L;
    this.offsetText = zone.getId().toCharArray();
  }

  /** Writes {@code epochMicros} into {@link #buffer()} and returns its length. */
  int format(long epochMicros) {
    long local = epochMicros + offsetUs;
    long day = Math.floorDiv(local, MICROS_PER_DAY);
    if (day != bufferedDay) {
      writeDate(LocalDate.ofEpochDay(day));
      bufferedDay = day;
    }
    long ofDay = Math.floorMod(local, MICROS_PER_DAY);
    long seconds = ofDay / 1_000_000;
    int micros = (int) (ofDay % 1_000_000);
    writeDigits((int) (seconds / 3600), 11, 2);
    buffer[13] = ':';
    writeDigits((int) (seconds / 60 % 60), 14, 2);
    buffer[16] = ':';
    writeDigits((int) (seconds % 60), 17, 2);
    buffer[19] = '.';
    writeDigits(micros, 20, 6);
    System.arraycopy(offsetText, 0, buffer, 26, offsetText.length);
    return 26 + offsetText.length;
  }

  char[] buffer() {
    return buffer;
  }

  private void writeDate(LocalDate date) {
    writeDigits(date.getYear(), 0, 4);
    buffer[4] = '-';
    writeDigits(date.getMonthValue(), 5, 2);
    buffer[7] = '-';
    writeDigits(date.getDayOfMonth(), 8, 2);
    buffer[10] = 'T';
  }

  private void writeDigits(int value, int offset, int width) {
    for (int i = offset + width - 1; i >= offset; i--) {
      buffer[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
