package io.tracelake.simulator;

import io.tracelake.model.Level;

/**
 * Writes entries as pino does for a Node.js service: numeric {@code level}, {@code time} in epoch
 * milliseconds, {@code pid}, {@code hostname} and the logger's {@code name}, the {@code trace_id},
 * {@code span_id} and {@code trace_flags} that OpenTelemetry's pino instrumentation mixes in, the
 * logged object's fields (span markers, an error as {@code err} with {@code type}, {@code message} and
 * {@code stack}), and {@code msg} last. With {@link IdMode#REQUEST} there is no trace context; the request
 * id is the {@code reqId} binding that Fastify gives each request's child logger.
 */
final class PinoLineEncoder implements EntryEncoder {
  private final String bindings;
  private final boolean exceptions;
  private final IdMode ids;

  PinoLineEncoder(Host host, int pid, boolean exceptions, IdMode ids) {
    StringBuilder start = new StringBuilder(",\"pid\":").append(pid);
    JsonText.appendField(start, "hostname", host.instance());
    JsonText.appendField(start, "name", host.service());
    this.bindings = start.toString();
    this.exceptions = exceptions;
    this.ids = ids;
  }

  @Override
  public void encode(LogLine line, StringBuilder out) {
    SimulatedSpan span = line.span;
    out.append("{\"level\":").append(level(line.level())).append(",\"time\":").append(line.hostTimeUs / 1000)
        .append(bindings);
    if (ids == IdMode.REQUEST) {
      out.append(",\"reqId\":\"").append(IdMode.requestId(span.traceId)).append('"');
    } else {
      out.append(",\"trace_id\":\"").append(span.traceId).append("\",\"span_id\":\"").append(span.spanId)
          .append("\",\"trace_flags\":\"01\"");
    }
    MarkerFields.appendJson(line, out, true, ids);
    if (exceptions && line.failure()) {
      StackTraces.Thrown thrown = StackTraces.failure(span);
      out.append(",\"err\":{\"type\":");
      JsonText.appendString(out, thrown.type().substring(thrown.type().lastIndexOf('.') + 1));
      JsonText.appendField(out, "message", thrown.message() == null ? "" : thrown.message());
      JsonText.appendField(out, "stack", StackTraces.node(span));
      out.append('}');
    }
    JsonText.appendField(out, "msg", line.message());
    out.append("}\n");
  }

  /** The numeric levels of pino and Bunyan: 20 debug, 30 info, 40 warn, 50 error. */
  static int level(Level level) {
    switch (level) {
      case TRACE:
        return 10;
      case DEBUG:
        return 20;
      case INFO:
        return 30;
      case WARN:
        return 40;
      case ERROR:
        return 50;
      default:
        return 60;
    }
  }
}
