package io.tracelake.simulator;

import java.time.ZoneOffset;

/**
 * Writes entries through a Logback PatternLayout ({@link #layout}): local time in milliseconds without
 * an offset, level, thread, abbreviated logger, the MDC's ids and the message; an exception follows on
 * its own lines, as Logback's %ex prints it.
 */
final class PatternLineEncoder implements EntryEncoder {
  /** The layout with every id, as tracelake's config states it for the {@code pattern} format. */
  static final String LAYOUT = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} "
      + "traceId=%X{traceId} spanId=%X{spanId} parentId=%X{parentId} - %msg%n";
  private static final String SPAN_LAYOUT = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} "
      + "traceId=%X{traceId} spanId=%X{spanId} - %msg%n";
  private static final String REQUEST_LAYOUT = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} "
      + "requestId=%X{requestId} - %msg%n";

  private final TimestampText timestamps;
  private final LogbackConverters converters = new LogbackConverters(36);
  private final boolean exceptions;
  private final IdMode ids;

  PatternLineEncoder(ZoneOffset zone, boolean exceptions, IdMode ids) {
    this.timestamps = new TimestampText(zone);
    this.exceptions = exceptions;
    this.ids = ids;
  }

  /** The layout of the lines with {@code ids}: the MDC keys in it are the ones the services put there. */
  static String layout(IdMode ids) {
    switch (ids) {
      case SPAN:
        return SPAN_LAYOUT;
      case REQUEST:
        return REQUEST_LAYOUT;
      default:
        return LAYOUT;
    }
  }

  @Override
  public void encode(LogLine line, StringBuilder out) {
    SimulatedSpan span = line.span;
    timestamps.appendIso(out, line.hostTimeUs * 1000, ' ', '.', TimestampText.Fraction.MILLIS, false);
    out.append(' ');
    LogbackConverters.appendLeftAligned(out, line.level().name(), 5);
    out.append(" [").append(span.thread).append("] ").append(converters.logger(span.logger));
    if (ids == IdMode.REQUEST) {
      out.append(" requestId=").append(IdMode.requestId(span.traceId));
    } else {
      out.append(" traceId=").append(span.traceId).append(" spanId=").append(span.spanId);
    }
    if (ids.markers()) {
      out.append(" parentId=");
      if (span.parentSpanId != null) {
        out.append(span.parentSpanId);
      }
    }
    out.append(" - ").append(line.message()).append('\n');
    if (exceptions && line.failure()) {
      out.append(StackTraces.java(span, StackTraces.JavaStyle.LOGBACK)).append('\n');
    }
  }
}
