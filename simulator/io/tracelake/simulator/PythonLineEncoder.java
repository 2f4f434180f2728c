package io.tracelake.simulator;

import io.tracelake.model.Level;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes entries as a Python service does with OpenTelemetry's logging instrumentation and its default
 * format, {@code %(asctime)s %(levelname)s [%(name)s] [%(filename)s:%(lineno)d] [trace_id=%(otelTraceID)s
 * span_id=%(otelSpanID)s resource.service.name=%(otelServiceName)s trace_sampled=%(otelTraceSampled)s] -
 * %(message)s}: local time with a comma before the milliseconds, Python's level names (WARNING), the
 * module as logger, and an exception's traceback on the lines after. {@link #layout} is the same line as
 * a Logback pattern, which is how tracelake's config describes it. With {@link IdMode#REQUEST} the
 * service runs without OpenTelemetry and a logging filter puts the request id in each record:
 * {@code [request_id=%(request_id)s]} takes the place of the trace context.
 */
final class PythonLineEncoder implements EntryEncoder {
  private final TimestampText timestamps;
  private final String serviceName;
  private final boolean exceptions;
  private final IdMode ids;
  private final Map<String, String> modules = new HashMap<>();

  PythonLineEncoder(Host host, ZoneOffset zone, boolean exceptions, IdMode ids) {
    this.timestamps = new TimestampText(zone);
    this.serviceName = host.service();
    this.exceptions = exceptions;
    this.ids = ids;
  }

  /** The Logback pattern that describes the lines of {@code service} with {@code ids}. */
  static String layout(String service, IdMode ids) {
    if (ids == IdMode.REQUEST) {
      return "%d{yyyy-MM-dd HH:mm:ss,SSS} %level [%logger] [%file:%line] [request_id=%X{request_id}] - %msg%n";
    }
    return layout(service);
  }

  /** The Logback pattern that describes the lines of {@code service}. */
  static String layout(String service) {
    return "%d{yyyy-MM-dd HH:mm:ss,SSS} %level [%logger] [%file:%line] [trace_id=%X{trace_id} "
        + "span_id=%X{span_id} resource.service.name=" + service + " trace_sampled=True] - %msg%n";
  }

  @Override
  public void encode(LogLine line, StringBuilder out) {
    SimulatedSpan span = line.span;
    String module = modules.computeIfAbsent(span.logger, StackTraces::pythonModule);
    timestamps.appendIso(out, line.hostTimeUs * 1000, ' ', ',', TimestampText.Fraction.MILLIS, false);
    out.append(' ').append(levelName(line.level())).append(" [").append(module).append("] [")
        .append(module, module.lastIndexOf('.') + 1, module.length()).append(".py:")
        .append(StackTraces.lineNumber(span.logger, line.event.name()));
    if (ids == IdMode.REQUEST) {
      out.append("] [request_id=").append(IdMode.requestId(span.traceId));
    } else {
      out.append("] [trace_id=").append(span.traceId).append(" span_id=").append(span.spanId)
          .append(" resource.service.name=").append(serviceName).append(" trace_sampled=True");
    }
    out.append("] - ").append(line.message()).append('\n');
    if (exceptions && line.failure()) {
      out.append(StackTraces.python(span)).append('\n');
    }
  }

  private static String levelName(Level level) {
    return level == Level.WARN ? "WARNING" : level == Level.FATAL ? "CRITICAL" : level.name();
  }
}
