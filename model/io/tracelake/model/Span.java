package io.tracelake.model;

/**
 * One unit of work of one service instance within a trace, as rebuilt from its log events.
 * {@code peerService} names the remote side of a client or producer span (a database, a cache, a
 * service that logs nothing); {@code httpStatus} and {@code exceptionType} say how it ended, when its
 * events said so (null otherwise).
 *
 * <p>The last six fields say how the span was found: {@code timingSource}, {@code parentSource} and
 * {@code kindSource} say where its times, parent and kind came from;
 * {@code parentConfidence} is 1 for a logged parent and lower for an inferred one (0 for a root);
 * {@code clockSkewUs} was added to the times its host logged; {@code inferred} is true when tracelake
 * made up the span id because the logs carried none.
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
    String exceptionType,
    TimingSource timingSource,
    ParentSource parentSource,
    double parentConfidence,
    long clockSkewUs,
    boolean inferred,
    KindSource kindSource) {

  /** A span whose ids, kind and times were all logged: explicit parent, marker timing, no skew correction. */
  public Span(String traceId, String spanId, String parentSpanId, String service, String instance, String name,
      SpanKind kind, long startUs, long endUs, boolean error, int eventCount, String peerService, Integer httpStatus,
      String exceptionType) {
    this(traceId, spanId, parentSpanId, service, instance, name, kind, startUs, endUs, error, eventCount, peerService,
        httpStatus, exceptionType, TimingSource.MARKERS, parentSpanId == null ? ParentSource.NONE : ParentSource.EXPLICIT,
        parentSpanId == null ? 0 : 1, 0, false, KindSource.LOGGED);
  }

  public long durationUs() {
    return endUs - startUs;
  }

  public SpanStatus status() {
    return error ? SpanStatus.ERROR : SpanStatus.OK;
  }
}
