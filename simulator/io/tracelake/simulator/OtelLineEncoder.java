package io.tracelake.simulator;

import io.tracelake.model.Level;
import io.tracelake.model.trace.SpanMarkers;

/**
 * Writes each entry as one OTLP/JSON {@code ExportLogsServiceRequest} line, as OpenTelemetry's file and
 * stdout exporters write a batch of one: the resource ({@code service.name}, {@code service.instance.id},
 * {@code host.name}), the logger as the scope, and a LogRecord with {@code timeUnixNano},
 * {@code severityNumber}/{@code severityText}, the message as {@code body}, hex {@code traceId} and
 * {@code spanId}, and attributes: {@code thread.name}, the span markers and the {@code exception.*}
 * attributes of an error. With {@link IdMode#SPAN} there are no marker attributes; with
 * {@link IdMode#REQUEST} the record has no trace context at all (no {@code flags}, {@code traceId},
 * {@code spanId}) and the request id is the {@code http.request.header.x-request-id} attribute, a string
 * array as OpenTelemetry's HTTP semantic conventions record a captured request header.
 */
final class OtelLineEncoder implements EntryEncoder {
  private final String resourcePrefix;
  /** The attribute of the request id in {@link IdMode#REQUEST}. */
  static final String REQUEST_ID_ATTRIBUTE = "http.request.header.x-request-id";

  private final boolean exceptions;
  private final IdMode ids;

  OtelLineEncoder(Host host, boolean exceptions, IdMode ids) {
    StringBuilder prefix = new StringBuilder("{\"resourceLogs\":[{\"resource\":{\"attributes\":[");
    appendStringAttribute(prefix, "service.name", host.service());
    prefix.append(',');
    appendStringAttribute(prefix, "service.instance.id", host.instance());
    prefix.append(',');
    appendStringAttribute(prefix, "host.name", host.instance());
    prefix.append("]},\"scopeLogs\":[{\"scope\":{\"name\":");
    this.resourcePrefix = prefix.toString();
    this.exceptions = exceptions;
    this.ids = ids;
  }

  @Override
  public void encode(LogLine line, StringBuilder out) {
    SimulatedSpan span = line.span;
    String nanos = Long.toString(line.hostTimeUs * 1000);
    Level level = line.level();
    out.append(resourcePrefix);
    JsonText.appendString(out, span.logger);
    out.append("},\"logRecords\":[{\"timeUnixNano\":\"").append(nanos).append("\",\"severityNumber\":")
        .append(severityNumber(level)).append(",\"severityText\":\"").append(level.name())
        .append("\",\"body\":{\"stringValue\":");
    JsonText.appendString(out, line.message());
    out.append("},\"attributes\":[");
    appendStringAttribute(out, "thread.name", span.thread);
    if (ids == IdMode.REQUEST) {
      out.append(",{\"key\":\"" + REQUEST_ID_ATTRIBUTE + "\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"")
          .append(IdMode.requestId(span.traceId)).append("\"}]}}}");
    }
    if (ids.markers() && line.event != LogLine.Event.NOTE) {
      out.append(',');
      appendStringAttribute(out, SpanMarkers.SPAN_EVENT, MarkerFields.event(line));
      out.append(',');
      appendStringAttribute(out, SpanMarkers.SPAN_NAME, span.name);
      out.append(',');
      appendStringAttribute(out, SpanMarkers.SPAN_KIND, span.kind.name());
      if (line.event == LogLine.Event.START && span.peerService != null) {
        out.append(',');
        appendStringAttribute(out, MarkerFields.PEER_SERVICE, span.peerService);
      }
      if (line.event == LogLine.Event.END && span.statusCode > 0) {
        // OTLP/JSON writes 64-bit integers as strings
        out.append(",{\"key\":\"" + MarkerFields.STATUS_CODE + "\",\"value\":{\"intValue\":\"")
            .append(span.statusCode).append("\"}}");
      }
    }
    if (exceptions && line.failure()) {
      StackTraces.Thrown thrown = StackTraces.javaThrown(span);
      out.append(',');
      appendStringAttribute(out, "exception.type", thrown.type());
      if (thrown.message() != null) {
        out.append(',');
        appendStringAttribute(out, "exception.message", thrown.message());
      }
      out.append(',');
      appendStringAttribute(out, "exception.stacktrace", StackTraces.java(span, StackTraces.JavaStyle.JDK));
    }
    if (ids == IdMode.REQUEST) {
      out.append("],\"observedTimeUnixNano\":\"").append(nanos).append("\"}]}]}]}\n");
      return;
    }
    out.append("],\"flags\":1,\"traceId\":\"").append(span.traceId).append("\",\"spanId\":\"").append(span.spanId)
        .append("\",\"observedTimeUnixNano\":\"").append(nanos).append("\"}]}]}]}\n");
  }

  /** The OpenTelemetry severity numbers of DEBUG, INFO, WARN and ERROR. */
  static int severityNumber(Level level) {
    switch (level) {
      case TRACE:
        return 1;
      case DEBUG:
        return 5;
      case INFO:
        return 9;
      case WARN:
        return 13;
      case ERROR:
        return 17;
      default:
        return 21;
    }
  }

  private static void appendStringAttribute(StringBuilder out, String key, String value) {
    out.append("{\"key\":\"").append(key).append("\",\"value\":{\"stringValue\":");
    JsonText.appendString(out, value);
    out.append("}}");
  }
}
