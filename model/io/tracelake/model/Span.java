package io.tracelake.model;

/**
 * One unit of work of one service instance within a trace, as rebuilt from its log events.
 * {@code peerService} names the remote side of a client or producer span (a database, a cache, a
 * service that logs nothing); {@code httpStatus} and {@code exceptionType} say how it ended, when its
 * events said so (null otherwise).
 */
public record Span(
    String traceId,
    String spanId,
    String parentSpanId,
    String service,
    String instance,
    String name,
    SpanKind kind,
    long startUs,
    long endUs,
    boolean error,
    int eventCount,
    String peerService,
    Integer httpStatus,
    String exceptionType) {

  public long durationUs() {
    return endUs - startUs;
  }

  public String status() {
    return error ? "ERROR" : "OK";
  }
}
