package io.tracelake.simulator;

import java.time.ZoneOffset;

/**
 * Writes entries as Bunyan does for a Node.js service: the logger's {@code name}, {@code hostname} and
 * {@code pid}, the numeric {@code level}, the record's fields (span markers, an error as {@code err}
 * with {@code message}, {@code name} and {@code stack}), {@code msg}, {@code time} in UTC milliseconds
 * and {@code v}; OpenTelemetry's Bunyan instrumentation then appends {@code trace_id}, {@code span_id}
 * and {@code trace_flags}. With {@link IdMode#REQUEST} there is no trace context; the request id is a
 * child logger's {@code req_id} field, by Bunyan's convention, which Bunyan writes before the level.
 */
final class BunyanLineEncoder implements EntryEncoder {
  private final TimestampText timestamps = new TimestampText(ZoneOffset.UTC);
  private final String prefix;
  private final boolean exceptions;
  private final IdMode ids;

  BunyanLineEncoder(Host host, int pid, boolean exceptions, IdMode ids) {
    StringBuilder start = new StringBuilder("{\"name\":");
    JsonText.appendString(start, host.service());
    JsonText.appendField(start, "hostname", host.instance());
    start.append(",\"pid\":").append(pid);
    this.prefix = start.toString();
    this.exceptions = exceptions;
    this.ids = ids;
  }

  @Override
  public void encode(LogLine line, StringBuilder out) {
    SimulatedSpan span = line.span;
    out.append(prefix);
    if (ids == IdMode.REQUEST) {
      out.append(",\"req_id\":\"").append(IdMode.requestId(span.traceId)).append('"');
    }
    out.append(",\"level\":").append(PinoLineEncoder.level(line.level()));
    MarkerFields.appendJson(line, out, true, ids);
    if (exceptions && line.failure()) {
      StackTraces.Thrown thrown = StackTraces.failure(span);
      out.append(",\"err\":{\"message\":");
      JsonText.appendString(out, thrown.message() == null ? "" : thrown.message());
      JsonText.appendField(out, "name", thrown.type().substring(thrown.type().lastIndexOf('.') + 1));
      JsonText.appendField(out, "stack", StackTraces.node(span));
      out.append('}');
    }
    JsonText.appendField(out, "msg", line.message());
    out.append(",\"time\":\"");
    timestamps.appendIso(out, line.hostTimeUs * 1000, 'T', '.', TimestampText.Fraction.MILLIS, true);
    out.append("\",\"v\":0");
    if (ids != IdMode.REQUEST) {
      out.append(",\"trace_id\":\"").append(span.traceId).append("\",\"span_id\":\"").append(span.spanId)
          .append("\",\"trace_flags\":\"01\"");
    }
    out.append("}\n");
  }
}
