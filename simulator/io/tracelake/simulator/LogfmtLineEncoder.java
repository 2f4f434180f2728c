package io.tracelake.simulator;

import io.tracelake.model.trace.SpanMarkers;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Writes entries in logfmt as a Go service's logrus TextFormatter does (timestamps as RFC3339Nano):
 * {@code time}, {@code level} (debug, info, warning, error) and {@code msg} first, then the fields in
 * name order: {@code error}, {@code parent_id}, the span markers, {@code span_id}, {@code trace_id}.
 * Values are quoted, Go-style, when they hold anything but letters, digits and {@code -._/@^+}. With
 * {@link IdMode#SPAN} there are no {@code parent_id} and no markers; with {@link IdMode#REQUEST} the one
 * id is {@code request_id}, a UUID.
 */
final class LogfmtLineEncoder implements EntryEncoder {
  private final TimestampText timestamps;
  private final boolean exceptions;
  private final StringBuilder time = new StringBuilder(40);
  private final IdMode ids;

  LogfmtLineEncoder(ZoneOffset zone, boolean exceptions, IdMode ids) {
    this.timestamps = new TimestampText(zone);
    this.exceptions = exceptions;
    this.ids = ids;
  }

  @Override
  public void encode(LogLine line, StringBuilder out) {
    SimulatedSpan span = line.span;
    time.setLength(0);
    timestamps.appendIso(time, line.hostTimeUs * 1000, 'T', '.', TimestampText.Fraction.NANOS_TRIMMED, true);
    out.append("time=");
    appendValue(out, time);
    out.append(" level=").append(levelName(line));
    out.append(" msg=");
    appendValue(out, line.message());
    if (exceptions && line.failure()) {
      out.append(" error=");
      appendValue(out, span.failure);
    }
    if (ids == IdMode.REQUEST) {
      out.append(" request_id=").append(IdMode.requestId(span.traceId)).append('\n');
      return;
    }
    boolean marker = ids.markers() && line.event != LogLine.Event.NOTE;
    if (ids.markers() && span.parentSpanId != null) {
      out.append(" parent_id=").append(span.parentSpanId);
    }
    if (marker && line.event == LogLine.Event.START && span.peerService != null) {
      out.append(' ').append(MarkerFields.PEER_SERVICE).append('=');
      appendValue(out, span.peerService);
    }
    if (marker) {
      out.append(' ').append(SpanMarkers.SPAN_EVENT).append('=').append(MarkerFields.event(line));
    }
    out.append(" span_id=").append(span.spanId);
    if (marker) {
      out.append(' ').append(SpanMarkers.SPAN_KIND).append('=').append(span.kind.name());
      out.append(' ').append(SpanMarkers.SPAN_NAME).append('=');
      appendValue(out, span.name);
      if (line.event == LogLine.Event.END && span.statusCode > 0) {
        out.append(' ').append(MarkerFields.STATUS_CODE).append('=').append(span.statusCode);
      }
    }
    out.append(" trace_id=").append(span.traceId).append('\n');
  }

  private static String levelName(LogLine line) {
    switch (line.level()) {
      case DEBUG:
        return "debug";
      case INFO:
        return "info";
      case WARN:
        return "warning";
      case ERROR:
        return "error";
      default:
        return line.level().name().toLowerCase(Locale.ROOT);
    }
  }

  /** logrus's appendValue: as it is when every character is safe, else Go's %q. */
  static void appendValue(StringBuilder out, CharSequence value) {
    if (!needsQuoting(value)) {
      out.append(value);
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\r':
          out.append("\\r");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private static boolean needsQuoting(CharSequence value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '/' || c == '@' || c == '^' || c == '+';
      if (!safe) {
        return true;
      }
    }
    return false;
  }
}
