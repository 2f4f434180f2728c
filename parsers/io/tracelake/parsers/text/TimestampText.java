package io.tracelake.parsers.text;

import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.Timestamps;
import io.tracelake.parsers.text.time.DatePattern;
import io.tracelake.parsers.text.time.DateReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads the value of a timestamp field: with the caller's date pattern, or else as any of the forms
 * logs use: ISO-8601, an epoch number (s, ms, µs or ns, told by magnitude), the access-log form
 * ({@code 20/Nov/2026:10:15:30 +0000}), syslog's ({@code Nov 20 10:15:30}), Go's
 * ({@code 2026/11/20 10:15:30.123}), Log4j's DATE and {@code Fri Nov 20 10:15:30 [CET ]2026}. The form
 * that matched last is tried first on the next line.
 */
final class TimestampText {
  private static final String[] AUTO_PATTERNS = {"dd/MMM/yyyy:HH:mm:ss Z", "MMM d HH:mm:ss", "yyyy/MM/dd HH:mm:ss.SSS",
      "dd MMM yyyy HH:mm:ss,SSS", "EEE MMM d HH:mm:ss yyyy", "EEE MMM d HH:mm:ss z yyyy"};

  private final DateReader[] readers;
  private final boolean auto;
  private final String description;
  private int lastMatch;

  /** @param datePattern the pattern of the field's values, or null to recognise the usual forms */
  TimestampText(String datePattern, FileContext context) {
    if (datePattern == null) {
      readers = new DateReader[AUTO_PATTERNS.length + 1];
      readers[0] = DatePattern.iso8601().newReader(context);
      for (int i = 0; i < AUTO_PATTERNS.length; i++) {
        readers[i + 1] = DatePattern.compile(AUTO_PATTERNS[i]).newReader(context);
      }
      auto = true;
      description = "an ISO-8601 time, an epoch number or a usual log time";
    } else {
      readers = new DateReader[] {DatePattern.compile(datePattern).newReader(context)};
      auto = false;
      description = "a time of pattern '" + datePattern + "'";
    }
  }

  /** What the values must be, for rejection details. */
  String description() {
    return description;
  }

  /** The time in UTC epoch µs, or {@link Timestamps#INVALID}. */
  long read(String text) {
    byte[] bytes = text.trim().getBytes(StandardCharsets.UTF_8);
    return read(bytes, 0, bytes.length);
  }

  /** The time in {@code line[from, to)} in UTC epoch µs, or {@link Timestamps#INVALID}. */
  long read(byte[] line, int from, int to) {
    if (auto) {
      long epoch = epochNumber(line, from, to);
      if (epoch != Timestamps.INVALID) {
        return epoch;
      }
    }
    int n = readers.length;
    for (int k = 0; k < n; k++) {
      int i = (lastMatch + k) % n;
      if (readers[i].read(line, from, to) == to) {
        lastMatch = i;
        return readers[i].micros();
      }
    }
    return Timestamps.INVALID;
  }

  /** digits[.digits] as an epoch time; {@link Timestamps#INVALID} for anything else. */
  private static long epochNumber(byte[] line, int from, int to) {
    int i = from;
    long whole = 0;
    while (i < to && line[i] >= '0' && line[i] <= '9') {
      if (i - from >= 19) {
        return Timestamps.INVALID;
      }
      whole = whole * 10 + (line[i] - '0');
      i++;
    }
    if (i == from || i - from < 9) { // fewer digits than any epoch time since 1973: not one
      return Timestamps.INVALID;
    }
    if (i == to) {
      return Timestamps.fromEpochNumber(whole);
    }
    if (line[i] != '.' || i + 1 == to) {
      return Timestamps.INVALID;
    }
    for (int k = i + 1; k < to; k++) {
      if (line[k] < '0' || line[k] > '9') {
        return Timestamps.INVALID;
      }
    }
    return Timestamps.fromEpochNumber(Double.parseDouble(new String(line, from, to - from, StandardCharsets.US_ASCII)));
  }
}
