package io.tracelake.parsers.text;

import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.text.time.DatePattern;
import io.tracelake.parsers.text.time.DateReader;

/**
 * Envoy's default access-log format:
 * <pre>
 * [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS%
 * %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%"
 * "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"
 * </pre>
 * and Istio's, which adds {@code %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
 * "%UPSTREAM_TRANSPORT_FAILURE_REASON%"} after the flags and {@code %UPSTREAM_CLUSTER%
 * %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
 * %REQUESTED_SERVER_NAME% %ROUTE_NAME%} at the end.
 *
 * <p>%START_TIME% is when the request started and %DURATION% (ms) runs to its last byte: the event
 * time is their sum.
 */
final class EnvoyFormat implements AccessLogFormat {
  private static final String[] ISTIO_TAIL = {"upstream_cluster", "upstream_local_address",
      "downstream_local_address", "downstream_remote_address", "requested_server_name", "route_name"};

  private final DateReader date;

  EnvoyFormat(FileContext context) {
    this.date = DatePattern.iso8601().newReader(context);
  }

  @Override
  public void read(AccessLogCursor cursor, AccessLogRecord record) throws LineRejectedException {
    cursor.bracketed("the start time");
    if (date.read(cursor.line, cursor.start, cursor.stop) != cursor.stop) {
      throw cursor.badTime("expected " + date.expected() + " of the ISO-8601 start time",
          Math.max(cursor.start, date.failedAt()));
    }
    long start = date.micros();
    cursor.quoted("the request line");
    record.requestLine = cursor.value();
    cursor.token("the response code");
    long status = cursor.number();
    if (status < 0 || status > 999) {
      throw cursor.rejected("expected the response code (a number)", cursor.start);
    }
    record.status = (int) status;
    cursor.token("the response flags");
    record.attribute("response_flags", cursor.value());
    cursor.token("the bytes received");
    if (cursor.number() < 0) { // Istio: response code details, termination details, failure reason
      record.attribute("response_code_details", cursor.value());
      cursor.token("the connection termination details");
      record.attribute("connection_termination_details", cursor.value());
      cursor.quoted("the upstream transport failure reason");
      record.attribute("upstream_transport_failure_reason", cursor.value());
      cursor.token("the bytes received");
      if (cursor.number() < 0) {
        throw cursor.rejected("expected the bytes received (a number)", cursor.start);
      }
    }
    record.attribute("bytes_received", cursor.value());
    cursor.token("the bytes sent");
    record.attribute("bytes_sent", cursor.value());
    cursor.token("the duration");
    long duration = cursor.number();
    if (duration >= 0) {
      record.durationUs = duration * 1_000;
    }
    cursor.token("the upstream service time");
    record.attribute("upstream_service_time", cursor.value());
    cursor.quoted("X-Forwarded-For");
    record.attribute("x_forwarded_for", cursor.value());
    cursor.quoted("the user agent");
    record.attribute("user_agent", cursor.value());
    cursor.quoted("the request id");
    record.requestId = cursor.value();
    cursor.quoted("the authority");
    record.attribute("authority", cursor.value());
    cursor.quoted("the upstream host");
    record.attribute("upstream_host", cursor.value());
    for (int i = 0; !cursor.atEnd(); i++) {
      if (cursor.at((byte) '"')) {
        cursor.quoted("an appended field");
      } else {
        cursor.token("an appended field");
      }
      record.attribute(i < ISTIO_TAIL.length ? ISTIO_TAIL[i] : "extra_" + (i - ISTIO_TAIL.length + 1), cursor.value());
    }
    record.timestampUs = record.durationUs >= 0 ? start + record.durationUs : start;
  }
}
