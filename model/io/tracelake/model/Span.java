package io.tracelake.model;

/** One unit of work of one service instance within a trace, as rebuilt from its log events. */
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
    int eventCount) {

  public long durationUs() {
    return endUs - startUs;
  }

  public String status() {
    return error ? "ERROR" : "OK";
  }
}
