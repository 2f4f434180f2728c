package io.tracelake.parsers.text;

import io.tracelake.model.LogEvent;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Feeds text lines to a parser the way LogFileParser does, for the tests of this package. */
final class ParserHarness {
  static final FileContext NOV_20_UTC = new FileContext(LocalDate.of(2026, 11, 20), ZoneOffset.UTC);

  private ParserHarness() {}

  static LogEvent parse(LineParser parser, String line) throws LineRejectedException {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    // inside a larger buffer, as the line reader hands them over
    byte[] buffer = new byte[bytes.length + 7];
    System.arraycopy(bytes, 0, buffer, 3, bytes.length);
    return parser.parse(buffer, 3, bytes.length);
  }

  static LineRejectedException rejection(LineParser parser, String line) {
    try {
      LogEvent event = parse(parser, line);
      throw new AssertionError("line was accepted: " + line + " -> " + event);
    } catch (LineRejectedException e) {
      return e;
    }
  }

  static long micros(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
  }
}
