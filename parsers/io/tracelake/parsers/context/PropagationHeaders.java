package io.tracelake.parsers.context;

/**
 * Reads the trace context out of the values of the propagation headers tracers send and apps log:
 * W3C trace context, B3 (single and multi), Jaeger and AWS X-Ray. Each method returns null for a value
 * that is not of its form, or whose trace id is zero, so a caller can try the next source.
 *
 * <p>A header value logged as a JSON array of strings (OpenTelemetry's {@code http.request.header.*}
 * attributes) is read from its first element.
 */
public final class PropagationHeaders {

  /** Characters of a version-00 traceparent: {@code 00-<32>-<16>-<2>}. */
  static final int TRACEPARENT_LENGTH = 55;

  private PropagationHeaders() {}

  /** W3C {@code traceparent} {@code <version>-<trace-id>-<parent-id>-<flags>}; the parent-id is the span id. */
  public static TraceContext traceparent(String value) {
    if (value == null) {
      return null;
    }
    int start = valueStart(value);
    int end = valueEnd(value, start);
    // a later version may append fields after the flags, separated by '-'
    if (end - start < TRACEPARENT_LENGTH || (end - start > TRACEPARENT_LENGTH && value.charAt(start + TRACEPARENT_LENGTH) != '-')) {
      return null;
    }
    return traceparentAt(value, start, TraceContextSource.TRACEPARENT);
  }

  /** The first traceparent value anywhere in a text (a message), or null. */
  static TraceContext findTraceparent(String text) {
    int length = text.length();
    // the first '-' of a traceparent is at offset 2; jump from dash to dash rather than test every char
    int dash = text.indexOf('-', 2);
    while (dash >= 0 && dash - 2 + TRACEPARENT_LENGTH <= length) {
      int start = dash - 2;
      if ((start == 0 || !isWordChar(text.charAt(start - 1)))
          && (start + TRACEPARENT_LENGTH == length || !isWordChar(text.charAt(start + TRACEPARENT_LENGTH)))) {
        TraceContext context = traceparentAt(text, start, TraceContextSource.MESSAGE_TRACEPARENT);
        if (context != null) {
          return context;
        }
      }
      dash = text.indexOf('-', dash + 1);
    }
    return null;
  }

  private static TraceContext traceparentAt(CharSequence text, int start, TraceContextSource source) {
    if (text.charAt(start + 2) != '-' || text.charAt(start + 35) != '-' || text.charAt(start + 52) != '-'
        || !TraceIds.isHex(text, start, start + 2) || !TraceIds.isHex(text, start + 53, start + 55)) {
      return null;
    }
    // version ff is invalid by the spec
    if ((text.charAt(start) == 'f' || text.charAt(start) == 'F') && (text.charAt(start + 1) == 'f' || text.charAt(start + 1) == 'F')) {
      return null;
    }
    String traceId = TraceIds.paddedHexOrNull(text, start + 3, start + 35, TraceIds.TRACE_ID_HEX);
    String spanId = TraceIds.paddedHexOrNull(text, start + 36, start + 52, TraceIds.SPAN_ID_HEX);
    if (traceId == null || spanId == null || TraceIds.isZero(traceId)) {
      return null;
    }
    return new TraceContext(traceId, TraceIds.isZero(spanId) ? null : spanId, null, null, source);
  }

  /**
   * B3 single header {@code <trace-id>-<span-id>[-<sampled>[-<parent-span-id>]]}, trace id of 16 or 32
   * hex digits; a value of only the sampling flag ({@code 0}, {@code 1}, {@code d}) carries no ids.
   */
  public static TraceContext b3(String value) {
    if (value == null) {
      return null;
    }
    int start = valueStart(value);
    int end = valueEnd(value, start);
    int firstDash = indexOf(value, '-', start, end);
    if (firstDash < 0) {
      return null;
    }
    int secondDash = indexOf(value, '-', firstDash + 1, end);
    int spanEnd = secondDash < 0 ? end : secondDash;
    String traceId = b3TraceId(value, start, firstDash);
    String spanId = exactSpanId(value, firstDash + 1, spanEnd);
    if (traceId == null || spanId == null) {
      return null;
    }
    String parentSpanId = null;
    if (secondDash >= 0) {
      int thirdDash = indexOf(value, '-', secondDash + 1, end);
      if (thirdDash >= 0) {
        parentSpanId = exactSpanId(value, thirdDash + 1, end);
        if (parentSpanId == null) {
          return null;
        }
      }
    }
    return new TraceContext(traceId, nonZero(spanId), nonZero(parentSpanId), null, TraceContextSource.B3);
  }

  /** B3 multi headers {@code X-B3-TraceId}, {@code X-B3-SpanId}, {@code X-B3-ParentSpanId}; only the trace id is required. */
  public static TraceContext b3Multi(String traceIdValue, String spanIdValue, String parentSpanIdValue) {
    if (traceIdValue == null) {
      return null;
    }
    int start = valueStart(traceIdValue);
    String traceId = b3TraceId(traceIdValue, start, valueEnd(traceIdValue, start));
    if (traceId == null) {
      return null;
    }
    return new TraceContext(traceId, optionalSpanId(spanIdValue), optionalSpanId(parentSpanIdValue), null,
        TraceContextSource.B3_MULTI);
  }

  /**
   * Jaeger {@code uber-trace-id} {@code <trace-id>:<span-id>:<parent-span-id>:<flags>}, also URL-encoded
   * ({@code %3A}); ids may omit leading zeros; a parent of {@code 0} means none.
   */
  public static TraceContext uberTraceId(String value) {
    if (value == null) {
      return null;
    }
    int start = valueStart(value);
    return uberTraceIdAt(value, start, valueEnd(value, start), TraceContextSource.UBER_TRACE_ID);
  }

  static TraceContext uberTraceIdAt(String value, int start, int end, TraceContextSource source) {
    String text = value;
    if (indexOf(value, '%', start, end) >= 0) {
      text = value.substring(start, end).replace("%3A", ":").replace("%3a", ":");
      start = 0;
      end = text.length();
    }
    int first = indexOf(text, ':', start, end);
    int second = first < 0 ? -1 : indexOf(text, ':', first + 1, end);
    int third = second < 0 ? -1 : indexOf(text, ':', second + 1, end);
    if (third < 0 || indexOf(text, ':', third + 1, end) >= 0 || third + 1 == end || !TraceIds.isHex(text, third + 1, end)) {
      return null;
    }
    String traceId = TraceIds.paddedHexOrNull(text, start, first, TraceIds.TRACE_ID_HEX);
    String spanId = TraceIds.paddedHexOrNull(text, first + 1, second, TraceIds.SPAN_ID_HEX);
    String parentSpanId = TraceIds.paddedHexOrNull(text, second + 1, third, TraceIds.SPAN_ID_HEX);
    if (traceId == null || spanId == null || parentSpanId == null || TraceIds.isZero(traceId)) {
      return null;
    }
    return new TraceContext(traceId, nonZero(spanId), nonZero(parentSpanId), null, source);
  }

  /**
   * The first {@code uber-trace-id} value in a text (a message), e.g. {@code uber-trace-id=4bf92f35…:00f067aa0ba902b7:0:1}
   * or {@code "uber-trace-id": "…"}; the name is required, as bare {@code a:b:c:d} would match times.
   */
  static TraceContext findUberTraceId(String text) {
    String name = "uber-trace-id";
    int from = 0;
    while (true) {
      int at = indexOfIgnoreCase(text, name, from);
      if (at < 0) {
        return null;
      }
      int start = at + name.length();
      while (start < text.length() && " \t\"':=".indexOf(text.charAt(start)) >= 0) {
        start++;
      }
      int end = start;
      while (end < text.length() && (TraceIds.isHexDigit(text.charAt(end)) || text.charAt(end) == ':' || text.charAt(end) == '%')) {
        end++;
      }
      TraceContext context = end > start ? uberTraceIdAt(text, start, end, TraceContextSource.MESSAGE_UBER_TRACE_ID) : null;
      if (context != null) {
        return context;
      }
      from = at + 1;
    }
  }

  private static int indexOfIgnoreCase(String text, String lowerNeedle, int from) {
    char first = lowerNeedle.charAt(0);
    int last = text.length() - lowerNeedle.length();
    for (int i = from; i <= last; i++) {
      char c = text.charAt(i);
      if ((c == first || c == Character.toUpperCase(first)) && text.regionMatches(true, i, lowerNeedle, 0, lowerNeedle.length())) {
        return i;
      }
    }
    return -1;
  }

  /**
   * AWS X-Ray {@code X-Amzn-Trace-Id}, e.g. {@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}:
   * the trace id is the 8 + 24 hex digits of {@code Root} (as OpenTelemetry's X-Ray propagator reads
   * it), the span id is {@code Parent}.
   */
  public static TraceContext amznTraceId(String value) {
    if (value == null) {
      return null;
    }
    int start = valueStart(value);
    int end = valueEnd(value, start);
    String traceId = null;
    String spanId = null;
    int pos = start;
    while (pos < end) {
      int semicolon = indexOf(value, ';', pos, end);
      int fieldEnd = semicolon < 0 ? end : semicolon;
      int keyStart = skipSpaces(value, pos, fieldEnd);
      int equals = indexOf(value, '=', keyStart, fieldEnd);
      if (equals > keyStart) {
        int valueStart = skipSpaces(value, equals + 1, fieldEnd);
        int valueEnd = trimSpaces(value, valueStart, fieldEnd);
        if (value.regionMatches(true, keyStart, "Root", 0, 4) && equals - keyStart == 4) {
          traceId = xrayRoot(value, valueStart, valueEnd);
        } else if (value.regionMatches(true, keyStart, "Parent", 0, 6) && equals - keyStart == 6) {
          spanId = exactSpanId(value, valueStart, valueEnd);
        }
      }
      pos = fieldEnd + 1;
    }
    if (traceId == null || TraceIds.isZero(traceId)) {
      return null;
    }
    return new TraceContext(traceId, nonZero(spanId), null, null, TraceContextSource.AMZN_TRACE_ID);
  }

  private static String xrayRoot(String value, int start, int end) {
    // 1-<8 hex epoch seconds>-<24 hex random>
    if (end - start != 35 || value.charAt(start) != '1' || value.charAt(start + 1) != '-' || value.charAt(start + 10) != '-'
        || !TraceIds.isHex(value, start + 2, start + 10) || !TraceIds.isHex(value, start + 11, end)) {
      return null;
    }
    return (value.substring(start + 2, start + 10) + value.substring(start + 11, end)).toLowerCase(java.util.Locale.ROOT);
  }

  private static String b3TraceId(String value, int start, int end) {
    int length = end - start;
    if ((length != TraceIds.TRACE_ID_HEX && length != TraceIds.SPAN_ID_HEX)) {
      return null;
    }
    String traceId = TraceIds.paddedHexOrNull(value, start, end, TraceIds.TRACE_ID_HEX);
    return traceId == null || TraceIds.isZero(traceId) ? null : traceId;
  }

  private static String exactSpanId(String value, int start, int end) {
    return end - start == TraceIds.SPAN_ID_HEX ? TraceIds.paddedHexOrNull(value, start, end, TraceIds.SPAN_ID_HEX) : null;
  }

  private static String optionalSpanId(String value) {
    if (value == null) {
      return null;
    }
    int start = valueStart(value);
    return nonZero(exactSpanId(value, start, valueEnd(value, start)));
  }

  private static String nonZero(String hex) {
    return hex == null || TraceIds.isZero(hex) ? null : hex;
  }

  /** Start of the value proper: past spaces, and past {@code ["} of a JSON array of strings. */
  static int valueStart(String value) {
    int start = skipSpaces(value, 0, value.length());
    if (start < value.length() && value.charAt(start) == '[') {
      start = skipSpaces(value, start + 1, value.length());
    }
    if (start < value.length() && value.charAt(start) == '"') {
      start++;
    }
    return start;
  }

  /** End of the value proper: before spaces, and before the closing quote or bracket of a quoted or array-wrapped value. */
  static int valueEnd(String value, int start) {
    if (start > 0 && value.charAt(start - 1) == '"') {
      int quote = value.indexOf('"', start);
      if (quote >= 0) {
        return quote;
      }
    }
    int end = trimSpaces(value, start, value.length());
    int first = skipSpaces(value, 0, value.length());
    if (first < value.length() && value.charAt(first) == '[' && end > start && value.charAt(end - 1) == ']') {
      end = trimSpaces(value, start, end - 1);
    }
    return Math.max(start, end);
  }

  private static int skipSpaces(String text, int from, int to) {
    while (from < to && text.charAt(from) <= ' ') {
      from++;
    }
    return from;
  }

  private static int trimSpaces(String text, int from, int to) {
    while (to > from && text.charAt(to - 1) <= ' ') {
      to--;
    }
    return to;
  }

  private static int indexOf(String text, char c, int from, int to) {
    int i = text.indexOf(c, from);
    return i < 0 || i >= to ? -1 : i;
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
