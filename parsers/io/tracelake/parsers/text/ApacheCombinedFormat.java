package io.tracelake.parsers.text;

import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.text.time.DatePattern;
import io.tracelake.parsers.text.time.DateReader;

/**
 * Apache httpd's {@code combined} (or common) format with {@code %D} appended: the time taken in
 * microseconds. A request id appended as well ({@code %{X-Request-ID}i}, quoted or not, or
 * {@code %{UNIQUE_ID}e}) becomes the request id.
 *
 * <p>Apache's {@code %t} is the time the request was received; the event time is its end,
 * {@code %t + %D}.
 */
final class ApacheCombinedFormat implements AccessLogFormat {
  private static final String TIME_PATTERN = "dd/MMM/yyyy:HH:mm:ss Z";

  private final DateReader date;

  ApacheCombinedFormat(FileContext context) {
    this.date = DatePattern.compile(TIME_PATTERN).newReader(context);
  }

  @Override
  public void read(AccessLogCursor cursor, AccessLogRecord record) throws LineRejectedException {
    long start = CombinedLogFields.read(cursor, record, date, TIME_PATTERN);
    int extras = 0;
    byte[] line = cursor.line;
    while (!cursor.atEnd()) {
      if (cursor.at((byte) '"')) {
        cursor.quoted("an appended field");
      } else {
        cursor.token("an appended field");
      }
      long number = cursor.number();
      if (number >= 0 && record.durationUs < 0) {
        record.durationUs = number;
      } else if (record.requestId == null && CombinedLogFields.looksLikeId(line, cursor.start, cursor.stop)) {
        record.requestId = cursor.value();
      } else {
        record.attribute("extra_" + ++extras, cursor.value());
      }
    }
    record.timestampUs = record.durationUs >= 0 ? start + record.durationUs : start;
  }
}
