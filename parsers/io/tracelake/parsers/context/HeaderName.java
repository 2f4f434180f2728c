package io.tracelake.parsers.context;

/**
 * The attribute names that carry trace context or a request id, as HTTP headers or MDC keys. An
 * attribute matches by the last dot-separated segment of its name (so {@code req.headers.traceparent}
 * and {@code http.request.header.x-request-id} match too), ignoring case and treating {@code _} as
 * {@code -} (so {@code x_request_id} and {@code X-Request-ID} are one name).
 */
enum HeaderName {
  TRACEPARENT("traceparent"),
  B3("b3"),
  B3_TRACE_ID("x-b3-traceid"),
  B3_SPAN_ID("x-b3-spanid"),
  B3_PARENT_SPAN_ID("x-b3-parentspanid"),
  UBER_TRACE_ID("uber-trace-id"),
  AMZN_TRACE_ID("x-amzn-trace-id"),
  // request ids, in the order they are preferred when an event has several
  X_REQUEST_ID("x-request-id"),
  REQUEST_ID("request-id"),
  REQUESTID("requestid"),
  REQ_ID("req-id"),
  REQID("reqid"),
  X_CORRELATION_ID("x-correlation-id"),
  CORRELATION_ID("correlation-id"),
  CORRELATIONID("correlationid");

  static final HeaderName FIRST_REQUEST_ID = X_REQUEST_ID;
  private static final HeaderName[] VALUES = values();
  private static final int MAX_LENGTH = 17;

  private final String canonical;

  HeaderName(String canonical) {
    this.canonical = canonical;
  }

  boolean isRequestId() {
    return ordinal() >= FIRST_REQUEST_ID.ordinal();
  }

  /** The header an attribute name denotes, or null; allocation-free, since it runs on every attribute. */
  static HeaderName of(String attributeName) {
    int end = attributeName.length();
    int start = attributeName.lastIndexOf('.') + 1;
    // GELF prefixes every additional field with '_': _traceparent
    while (start < end && attributeName.charAt(start) == '_') {
      start++;
    }
    int length = end - start;
    if (length < 2 || length > MAX_LENGTH) {
      return null;
    }
    for (HeaderName name : VALUES) {
      if (name.canonical.length() == length && name.matches(attributeName, start)) {
        return name;
      }
    }
    return null;
  }

  private boolean matches(String text, int start) {
    for (int i = 0; i < canonical.length(); i++) {
      char c = text.charAt(start + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      } else if (c == '_') {
        c = '-';
      }
      if (c != canonical.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
