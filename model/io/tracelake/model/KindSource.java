package io.tracelake.model;

/** Where a span's kind came from, most certain first; {@link #code()} is what the spans table stores. */
public enum KindSource implements Coded {
  /** The span's events named it ({@code span_kind}). */
  LOGGED("logged"),
  /** A line's wording said it: a request received, a message consumed, a call, a publish, a query, an access log. */
  EVIDENCE("evidence"),
  /**
   * Nothing named it, but the trace's shape does: a span whose parent is on another service is that service's
   * entry, SERVER (or CONSUMER when it began after its parent had ended, or under a publish); or it logged only
   * an end line naming a request that a server of the trace answered: the CLIENT of that call.
   */
  INFERRED("inferred"),
  /** Nothing said anything: INTERNAL by default. */
  NONE("none");

  private final String code;

  KindSource(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }
}
