package io.tracelake.model.aggregate;

import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;

/**
 * Names what went wrong in a failed span, for grouping the errors table: {@code HTTP 503}, an exception type, or
 * {@code ERROR}.
 *
 * <p>Which spans failed follows OpenTelemetry's HTTP conventions: a span failed when it logged at ERROR, or answered
 * 5xx, or is a CLIENT span that got 4xx. A 4xx on a SERVER span is the caller's mistake (a bad request, a missing
 * order), not this service failing, so it does not make the span fail on its own; if the span also logged at ERROR,
 * the status still names the class, since it is the most specific thing the logs said.
 */
public final class ErrorClass {

  /** The class of a span that failed without a status or an exception type: it only logged at ERROR. */
  public static final String LOGGED_ERROR = "ERROR";

  private ErrorClass() {}

  /** True when {@code span} counts as a failure (see the class comment). */
  public static boolean isFailure(Span span) {
    Integer status = span.httpStatus();
    return span.error() || (status != null
        && (status >= 500 || (status >= 400 && span.kind() == SpanKind.CLIENT)));
  }

  /**
   * {@code HTTP <status>} when the failed span has a status ≥ 400, else its exception type, else {@value #LOGGED_ERROR};
   * null when the span did not fail.
   */
  public static String of(Span span) {
    if (!isFailure(span)) {
      return null;
    }
    if (span.httpStatus() != null && span.httpStatus() >= 400) {
      return "HTTP " + span.httpStatus();
    }
    String exception = span.exceptionType() == null ? null : span.exceptionType().strip();
    return exception == null || exception.isEmpty() ? LOGGED_ERROR : exception;
  }
}
