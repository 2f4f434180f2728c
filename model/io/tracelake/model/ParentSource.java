package io.tracelake.model;

/**
 * How a span's parent was found, most certain first; {@link #code()} is what the spans table stores and
 * {@link #confidence()} the default confidence that goes with it.
 */
public enum ParentSource implements Coded {
  /** The span's own events logged the parent id. */
  EXPLICIT("explicit", 1.0),
  /** A propagated header (traceparent, b3, X-B3-ParentSpanId, uber-trace-id) on its events named the parent. */
  HEADER("header", 1.0),
  /** Client and server halves logged one span id (B3 style): the server half is a child of the client half. */
  SHARED_ID("shared_id", 1.0),
  /** A client span of the caller whose target, method and path match this server span. */
  CLIENT_SPAN("client_span", 0.95),
  /** An outgoing-call line of the caller ("Calling payments POST /charge") matched to this server span. */
  CALL_LINE("call_line", 0.9),
  /** A producer's "publishing" line or span matched to this consumer by message and topic. */
  PRODUCER("producer", 0.9),
  /** A span of another service whose lines name this span's service ("inventory answered 200"), closest in time. */
  MENTION("mention", 0.6),
  /** The tightest span that encloses this one in time (same instance, same thread first). */
  ENCLOSING("enclosing", 0.6),
  /**
   * Nothing encloses it, but a span has its last line just before it or its first line just after it
   * (within the enclosure tolerance): a caller that logged only before or only after the call.
   */
  NEAR("near", 0.4),
  /** It began after the request's handling on its own instance had answered: work continuing after the response. */
  AFTER_RESPONSE("after_response", 0.4),
  /** No evidence at all: a span that began after the root, hung under it rather than left as a second root. */
  ROOT_FALLBACK("root_fallback", 0.3),
  /** No parent: a root. */
  NONE("none", 0.0);

  private final String code;
  private final double confidence;

  ParentSource(String code, double confidence) {
    this.code = code;
    this.confidence = confidence;
  }

  @Override
  public String code() {
    return code;
  }

  public double confidence() {
    return confidence;
  }

  /** True when the parent id was logged (by the span or a header), not inferred. */
  public boolean logged() {
    return this == EXPLICIT || this == HEADER || this == SHARED_ID;
  }
}
