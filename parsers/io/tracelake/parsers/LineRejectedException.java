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

  /**
   * The start of a value as logged, to quote in a detail: at most 64 characters, on one line (line
   * breaks and tabs escaped, other control characters shown as '?'), so that details stay one line.
   */
  public static String excerpt(CharSequence value) {
    int length = value.length();
    StringBuilder out = new StringBuilder(Math.min(length, 64) + 8);
    for (int i = 0; i < length && i < 64; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c < ' ' || c == '\u0085' || c == '\u2028' || c == '\u2029' ? '?' : c);
      }
    }
    return length <= 64 ? out.toString() : out.append('…').toString();
  }
}
