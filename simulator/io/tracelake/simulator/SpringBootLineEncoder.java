package io.tracelake.simulator;

import java.time.ZoneOffset;

/**
 * Writes entries as Spring Boot's default console pattern does, with its tracing correlation.
 *
 * <p>Spring Boot 3 with Micrometer Tracing: {@code 2026-11-20T11:15:30.123+01:00  INFO 1 --- [checkout]
 * [nio-8080-exec-7] [<traceId>-<spanId>] c.s.checkout.web.CheckoutController      : message}. Spring Boot 2
 * with Spring Cloud Sleuth: {@code 2026-11-20 11:15:30.123  INFO [gateway,<traceId>,<spanId>] 1 ---
 * [tor-http-epoll-3] c.s.gateway.filter.AccessLogFilter       : message}, local time without offset.
 * Neither carries the parent span id. An exception follows as %wEx prints it: between blank lines, each
 * frame with its jar.
 *
 * <p>With {@link IdMode#REQUEST} neither runs a tracer: the request id a filter puts in the MDC is shown
 * the Sleuth way, by {@code logging.pattern.level=%5p [${spring.application.name:},%X{requestId:-}]}, so
 * {@code INFO [gateway,<uuid>]}, and Boot 3 has no correlation block.
 */
final class SpringBootLineEncoder implements EntryEncoder {
  private final TimestampText timestamps;
  private final LogbackConverters converters = new LogbackConverters(39);
  private final String application;
  private final String pid;
  private final boolean sleuth;
  private final boolean exceptions;
  private final IdMode ids;

  /** @param sleuth Spring Boot 2 with Sleuth rather than Spring Boot 3 */
  SpringBootLineEncoder(Host host, ZoneOffset zone, int pid, boolean sleuth, boolean exceptions, IdMode ids) {
    this.timestamps = new TimestampText(zone);
    this.application = host.service();
    this.pid = Integer.toString(pid);
    this.sleuth = sleuth;
    this.exceptions = exceptions;
    this.ids = ids;
  }

  @Override
  public void encode(LogLine line, StringBuilder out) {
    SimulatedSpan span = line.span;
    long nanos = line.hostTimeUs * 1000;
    if (sleuth) {
      timestamps.appendIso(out, nanos, ' ', '.', TimestampText.Fraction.MILLIS, false);
      out.append(' ');
      LogbackConverters.appendRightAligned(out, line.level().name(), 5);
      if (ids == IdMode.REQUEST) {
        out.append(" [").append(application).append(',').append(IdMode.requestId(span.traceId));
      } else {
        out.append(" [").append(application).append(',').append(span.traceId).append(',').append(span.spanId);
      }
      out.append("] ").append(pid).append(" --- [");
      LogbackConverters.appendRightAligned(out, span.thread, 15);
      out.append("] ");
    } else {
      timestamps.appendIso(out, nanos, 'T', '.', TimestampText.Fraction.MILLIS, true);
      out.append(' ');
      LogbackConverters.appendRightAligned(out, line.level().name(), 5);
      if (ids == IdMode.REQUEST) {
        out.append(" [").append(application).append(',').append(IdMode.requestId(span.traceId)).append(']');
      }
      out.append(' ').append(pid).append(" --- [").append(application).append("] [");
      LogbackConverters.appendRightAligned(out, span.thread, 15);
      if (ids == IdMode.REQUEST) {
        out.append("] ");
      } else {
        out.append("] [").append(span.traceId).append('-').append(span.spanId).append("] ");
      }
    }
    LogbackConverters.appendLeftAligned(out, converters.logger(span.logger), 40);
    out.append(" : ").append(line.message()).append('\n');
    if (exceptions && line.failure()) {
      StackTraces.JavaStyle style = sleuth ? StackTraces.JavaStyle.SPRING_BOOT_2 : StackTraces.JavaStyle.SPRING_BOOT;
      out.append('\n').append(StackTraces.java(span, style)).append("\n\n");
    }
  }
}
