package io.tracelake.parsers;

import io.tracelake.model.RejectReason;

/**
 * Signals a line that a parser cannot read. Carries no stack trace: rejects are data, counted in the
 * millions on a bad day, not bugs to debug.
 */
public final class LineRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;

  public LineRejectedException(RejectReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
