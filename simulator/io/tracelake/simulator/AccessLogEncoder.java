package io.tracelake.simulator;

import java.time.ZoneOffset;

/**
 * Renders the access log lines of one server: one line per request, in nginx's, Apache's or Envoy's
 * format. Durations come from the span; the request id is the trace id.
 */
abstract class AccessLogEncoder {
  final TimestampText timestamps;

  AccessLogEncoder(ZoneOffset zone) {
    this.timestamps = new TimestampText(zone);
  }

  /** Appends the line of {@code request}, ending in a newline. */
  abstract void encode(ServedRequest request, StringBuilder out);

  static AccessLogEncoder create(AccessLogFormat format, ZoneOffset zone) {
    switch (format) {
      case NGINX:
        return new Nginx(zone);
      case APACHE:
        return new Apache(zone);
      case ENVOY:
        return new Envoy();
      default:
        throw new IllegalStateException("unhandled access log format " + format);
    }
  }

  /**
   * nginx's combined format with {@code $request_id $request_time $upstream_response_time} appended:
   * {@code $time_local} is when the response was sent, times are seconds with milliseconds, and
   * {@code $request_id} (32 hex digits) is the trace id.
   */
  private static final class Nginx extends AccessLogEncoder {
    Nginx(ZoneOffset zone) {
      super(zone);
    }

    @Override
    void encode(ServedRequest request, StringBuilder out) {
      out.append(request.remoteAddress()).append(" - - [");
      timestamps.appendCommonLog(out, request.endUs() * 1000);
      out.append("] \"").append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\" ")
          .append(request.status()).append(' ').append(request.responseBytes()).append(" \"")
          .append(request.client() == null ? "https://shop.example.com/" : "-").append("\" \"")
          .append(request.userAgent()).append("\" ").append(request.span().traceId).append(' ');
      appendSeconds(out, request.durationUs());
      out.append(' ');
      appendSeconds(out, request.upstreamUs());
      out.append('\n');
    }

    /** Seconds with three decimals, as nginx's $request_time. */
    private static void appendSeconds(StringBuilder out, long micros) {
      long millis = micros / 1000;
      out.append(millis / 1000).append('.');
      long fraction = millis % 1000;
      if (fraction < 100) {
        out.append('0');
      }
      if (fraction < 10) {
        out.append('0');
      }
      out.append(fraction);
    }
  }

  /**
   * Apache httpd's combined format with {@code %D} appended: {@code %t} is when the request arrived, in
   * seconds, {@code %b} is "-" for an empty body, {@code %D} the duration in microseconds. Apache logs
   * no request id here.
   */
  private static final class Apache extends AccessLogEncoder {
    Apache(ZoneOffset zone) {
      super(zone);
    }

    @Override
    void encode(ServedRequest request, StringBuilder out) {
      out.append(request.remoteAddress()).append(" - - [");
      timestamps.appendCommonLog(out, request.startUs() * 1000);
      out.append("] \"").append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\" ")
          .append(request.status()).append(' ');
      long bytes = request.responseBytes();
      if (bytes == 0) {
        out.append('-');
      } else {
        out.append(bytes);
      }
      out.append(" \"-\" \"").append(request.userAgent()).append("\" ").append(request.durationUs()).append('\n');
    }
  }

  /**
   * Envoy's default format: {@code %START_TIME%} in UTC milliseconds when the request arrived, durations
   * in milliseconds, and {@code x-request-id} as a UUID that is the trace id with dashes.
   */
  private static final class Envoy extends AccessLogEncoder {
    Envoy() {
      super(ZoneOffset.UTC);
    }

    @Override
    void encode(ServedRequest request, StringBuilder out) {
      out.append('[');
      timestamps.appendIso(out, request.startUs() * 1000, 'T', '.', TimestampText.Fraction.MILLIS, true);
      out.append("] \"").append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\" ")
          .append(request.status()).append(" - ").append(request.requestBytes()).append(' ')
          .append(request.responseBytes()).append(' ').append(request.durationUs() / 1000).append(' ')
          .append(request.upstreamUs() / 1000).append(" \"-\" \"").append(request.userAgent()).append("\" \"")
          .append(request.requestUuid()).append("\" \"").append(request.span().service()).append(":8080\" \"")
          .append("127.0.0.1:8080\"\n");
    }
  }
}
