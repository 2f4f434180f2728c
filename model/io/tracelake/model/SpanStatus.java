package io.tracelake.model;

/** How a span ended: the spans table's {@code status}. */
public enum SpanStatus {
  OK,
  /** The span logged at ERROR level or above, or its access log reported a server error. */
  ERROR
}
