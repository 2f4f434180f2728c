package io.tracelake.parsers.text;

import io.tracelake.model.LogEvent;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import java.util.function.Function;

/**
 * Parses the access logs of nginx, Apache httpd and Envoy (and Istio's Envoy) into request events.
 *
 * <p>An event's time is when the request <em>ended</em> and {@code durationUs} how long it took, so
 * its start is {@code timestampUs - durationUs}: nginx logs the end ({@code $time_local}) and the
 * duration ({@code $request_time}, ms precision); Apache logs the start ({@code %t}, whole seconds)
 * and {@code %D} (µs); Envoy the start ({@code %START_TIME%}, ms) and {@code %DURATION%} (ms). Without
 * a duration the logged time is used as it is.
 *
 * <p>The event carries httpMethod, httpPath (without the query string, which goes to the attribute
 * {@code query}), httpStatus, durationUs, the request id as logged ({@code $request_id}, Envoy's
 * x-request-id) and the message {@code GET /api/orders/8412 200 in 42 ms}. Its level says how the
 * request went: ERROR for 5xx, WARN for 4xx and for 0 (no response sent), INFO otherwise, so that a
 * span with a failed request is marked failed. Everything else the line holds is an attribute with
 * the same name whatever the server: client_ip, remote_user, bytes_sent, bytes_received, referer,
 * user_agent, x_forwarded_for, protocol, upstream_response_time, upstream_connect_time,
 * upstream_header_time, upstream_service_time, response_flags, authority, upstream_host, ...
 */
public final class AccessLogParser implements LineParser {
  private final AccessLogFormat format;
  private final AccessLogCursor cursor = new AccessLogCursor();
  private final AccessLogRecord record = new AccessLogRecord();
  private final StringBuilder message = new StringBuilder(96);

  private AccessLogParser(AccessLogFormat format) {
    this.format = format;
  }

  /** nginx {@code combined}, with $request_id, $request_time, $upstream_response_time and friends appended. */
  public static TextFormat nginx() {
    return of(NginxCombinedFormat::new);
  }

  /** Apache {@code combined} or common format with {@code %D} (and a request id) appended. */
  public static TextFormat apache() {
    return of(ApacheCombinedFormat::new);
  }

  /** Envoy's default format, and Istio's extension of it. */
  public static TextFormat envoy() {
    return of(EnvoyFormat::new);
  }

  private static TextFormat of(Function<FileContext, AccessLogFormat> format) {
    return context -> new AccessLogParser(format.apply(context));
  }

  @Override
  public LogEvent parse(byte[] line, int off, int len) throws LineRejectedException {
    cursor.reset(line, off, LineBytes.withoutLineBreak(line, off, off + len));
    record.clear();
    format.read(cursor, record);
    RequestTarget target = RequestTarget.of(record.requestLine);
    String method = target == null || "-".equals(target.method()) ? null : target.method();
    String path = target == null ? null : target.path();
    if (target != null) {
      record.attribute("query", target.query());
      record.attribute("protocol", target.protocol());
    }
    Long duration = record.durationUs >= 0 ? record.durationUs : null;
    return new LogEvent(record.timestampUs, level(record.status), null, null, null, null,
        message(method, path, record.status, duration), null, null, null, record.requestId, null, null, method, path,
        record.status, duration, null, record.attributes);
  }

  private static String level(int status) {
    if (status >= 500) {
      return "ERROR";
    }
    return status >= 400 || status == 0 ? "WARN" : "INFO";
  }

  private String message(String method, String path, int status, Long durationUs) {
    StringBuilder text = message;
    text.setLength(0);
    if (method != null) {
      text.append(method).append(' ');
    }
    text.append(path == null ? "-" : path).append(' ').append(status);
    if (durationUs != null) {
      text.append(" in ").append(durationUs / 1000);
      long fraction = durationUs % 1000;
      if (fraction != 0) {
        text.append('.').append(fraction / 100);
        if (fraction % 100 != 0) {
          text.append(fraction / 10 % 10);
          if (fraction % 10 != 0) {
            text.append(fraction % 10);
          }
        }
      }
      text.append(" ms");
    }
    return text.toString();
  }
}
