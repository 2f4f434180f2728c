package io.tracelake.simulator;

import java.time.ZoneOffset;

/**
 * Writes entries as ecs-logging-java's Logback EcsEncoder does: {@code @timestamp} in UTC milliseconds,
 * {@code log.level} padded to line up, {@code message}, {@code ecs.version}, the service, thread and
 * logger, then the MDC as top-level fields (the span markers, {@code trace.id}, {@code span.id}) and an
 * exception as {@code error.type}, {@code error.message} and {@code error.stack_trace}. With
 * {@link IdMode#REQUEST} the MDC holds only {@code http.request.id}, ECS's field for the request id.
 */
final class EcsLineEncoder implements EntryEncoder {
  private final TimestampText timestamps = new TimestampText(ZoneOffset.UTC);
  private final String service;
  private final String instance;
  private final boolean exceptions;
  private final IdMode ids;

  EcsLineEncoder(Host host, boolean exceptions, IdMode ids) {
    this.service = host.service();
    this.instance = host.instance();
    this.exceptions = exceptions;
    this.ids = ids;
  }

  @Override
  public void encode(LogLine line, StringBuilder out) {
    SimulatedSpan span = line.span;
    out.append("{\"@timestamp\":\"");
    timestamps.appendIso(out, line.hostTimeUs * 1000, 'T', '.', TimestampText.Fraction.MILLIS, true);
    out.append("\",\"log.level\":");
    String level = line.level().name();
    for (int i = level.length(); i < 5; i++) {
      out.append(' ');
    }
    out.append('"').append(level).append("\",\"message\":");
    JsonText.appendString(out, line.message());
    out.append(",\"ecs.version\": \"1.2.0\"");
    JsonText.appendField(out, "service.name", service);
    JsonText.appendField(out, "service.node.name", instance);
    JsonText.appendField(out, "event.dataset", service);
    JsonText.appendField(out, "process.thread.name", span.thread);
    JsonText.appendField(out, "log.logger", span.logger);
    MarkerFields.appendJson(line, out, false, ids);
    if (ids == IdMode.REQUEST) {
      JsonText.appendField(out, "http.request.id", IdMode.requestId(span.traceId));
    } else {
      JsonText.appendField(out, "trace.id", span.traceId);
      JsonText.appendField(out, "span.id", span.spanId);
    }
    if (exceptions && line.failure()) {
      StackTraces.Thrown thrown = StackTraces.javaThrown(span);
      JsonText.appendField(out, "error.type", thrown.type());
      if (thrown.message() != null) {
        JsonText.appendField(out, "error.message", thrown.message());
      }
      JsonText.appendField(out, "error.stack_trace", StackTraces.java(span, StackTraces.JavaStyle.JDK));
    }
    out.append("}\n");
  }
}
