package io.tracelake.parsers.text;

import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.text.time.DatePattern;
import io.tracelake.parsers.text.time.DateReader;

/**
 * nginx's {@code combined} format and the fields commonly appended to it: a quoted
 * {@code $http_x_forwarded_for}, then {@code $request_id $request_time $upstream_response_time}
 * positionally (told apart by their form: an id, then seconds, then upstream times, which may be "-"
 * or several, comma- or colon-separated), or {@code key=value} pairs such as
 * {@code rt=0.042 uct="0.000" uht="0.001" urt="0.040" request_id=...}.
 *
 * <p>{@code $time_local} is written when the request ends, so it is the event time; the request
 * started {@code $request_time} before it.
 */
final class NginxCombinedFormat implements AccessLogFormat {
  private static final String TIME_PATTERN = "dd/MMM/yyyy:HH:mm:ss Z";

  private final DateReader date;
  private final StringBuilder upstream = new StringBuilder();

  NginxCombinedFormat(FileContext context) {
    this.date = DatePattern.compile(TIME_PATTERN).newReader(context);
  }

  @Override
  public void read(AccessLogCursor cursor, AccessLogRecord record) throws LineRejectedException {
    long end = CombinedLogFields.read(cursor, record, date, TIME_PATTERN);
    boolean requestIdSeen = false;
    boolean requestTimeSeen = false;
    int quotedExtras = 0;
    int extras = 0;
    upstream.setLength(0);
    byte[] line = cursor.line;
    while (!cursor.atEnd()) {
      if (cursor.at((byte) '"')) {
        cursor.quoted("an appended field");
        record.attribute(quotedExtras++ == 0 ? "x_forwarded_for" : "extra_quoted_" + quotedExtras, cursor.value());
        continue;
      }
      cursor.token("an appended field");
      int equals = LineBytes.indexOf(line, cursor.start, cursor.stop, (byte) '=');
      if (equals > cursor.start) {
        String key = LineBytes.decode(line, cursor.start, equals);
        String value = pairValue(cursor, equals + 1);
        switch (key) {
          case "rt", "request_time" -> {
            requestTimeSeen = true;
            record.durationUs = seconds(value);
          }
          case "urt", "upstream_response_time" -> record.attribute("upstream_response_time", value);
          case "uct", "upstream_connect_time" -> record.attribute("upstream_connect_time", value);
          case "uht", "upstream_header_time" -> record.attribute("upstream_header_time", value);
          case "request_id", "rid", "req_id", "requestid" -> {
            requestIdSeen = true;
            record.requestId = value == null || value.equals("-") ? null : value;
          }
          default -> record.attribute(key, value);
        }
        continue;
      }
      int from = cursor.start;
      int to = cursor.stop;
      if (!requestIdSeen && !requestTimeSeen && CombinedLogFields.looksLikeId(line, from, to)) {
        requestIdSeen = true;
        record.requestId = cursor.value();
      } else if (!requestTimeSeen && CombinedLogFields.isDecimal(line, from, to)) {
        requestTimeSeen = true;
        record.durationUs = seconds(cursor.value());
      } else if (requestTimeSeen && isUpstreamTime(line, from, to)) {
        if (upstream.length() > 0) {
          upstream.append(' ');
        }
        upstream.append(LineBytes.decode(line, from, to));
      } else if (!requestIdSeen && !requestTimeSeen && to - from == 1 && line[from] == '-') {
        requestIdSeen = true; // an empty request id
      } else {
        record.attribute("extra_" + ++extras, cursor.value());
      }
    }
    if (upstream.length() > 0) {
      record.attribute("upstream_response_time", upstream.toString());
    }
    record.timestampUs = end;
  }

  /** The value of {@code key=value} or {@code key="value"}, the cursor moved past it. */
  private static String pairValue(AccessLogCursor cursor, int valueStart) throws LineRejectedException {
    if (valueStart < cursor.end && cursor.line[valueStart] == '"') {
      cursor.pos = valueStart;
      cursor.quoted("the quoted value");
      return cursor.value();
    }
    return valueStart == cursor.stop ? null : LineBytes.decode(cursor.line, valueStart, cursor.stop);
  }

  private static long seconds(String value) {
    if (value == null) {
      return -1;
    }
    long us = Durations.number(value, Durations.NANOS_PER_SECOND);
    return us == Durations.NONE ? -1 : us;
  }

  /** Upstream times as nginx joins them: 0.040, "-", "0.040," or ":". */
  private static boolean isUpstreamTime(byte[] line, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = line[i];
      if (!(b >= '0' && b <= '9') && b != '.' && b != ',' && b != ':' && b != '-') {
        return false;
      }
    }
    return true;
  }
}
