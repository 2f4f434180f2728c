package io.tracelake.parsers.context;

/**
 * Where an event's trace context came from; {@link #code()} is the value of the event attribute
 * {@value TraceContextResolver#SOURCE_ATTRIBUTE}, set when the context did not come from the event's
 * own id fields.
 */
public enum TraceContextSource {
  /** The event's own trace id field. */
  FIELD("field", true),
  /** A W3C {@code traceparent} attribute. */
  TRACEPARENT("traceparent", false),
  /** A B3 single-header {@code b3} attribute. */
  B3("b3", false),
  /** B3 multi-header attributes {@code X-B3-TraceId}, {@code X-B3-SpanId}, {@code X-B3-ParentSpanId}. */
  B3_MULTI("b3_multi", false),
  /** A Jaeger {@code uber-trace-id} attribute. */
  UBER_TRACE_ID("uber_trace_id", false),
  /** An AWS X-Ray {@code X-Amzn-Trace-Id} attribute. */
  AMZN_TRACE_ID("amzn_trace_id", false),
  /** A {@code traceparent} value in the message text. */
  MESSAGE_TRACEPARENT("message_traceparent", false),
  /** An {@code uber-trace-id} value in the message text. */
  MESSAGE_UBER_TRACE_ID("message_uber_trace_id", false),
  /** The event's own request id field. */
  REQUEST_ID_FIELD("request_id_field", true),
  /** A request id attribute such as {@code X-Request-ID} or {@code request_id}. */
  REQUEST_ID_ATTRIBUTE("request_id_attribute", false),
  /** A configured message pattern. */
  MESSAGE_PATTERN("message_pattern", false),
  /** An id written in the message text as {@code trace_id=…}, {@code traceId=…} or {@code TraceID: …} (text formats). */
  MESSAGE_ID("message_id", false),
  /** No trace context was found. */
  NONE("none", true);

  private final String code;
  private final boolean ownField;

  TraceContextSource(String code, boolean ownField) {
    this.code = code;
    this.ownField = ownField;
  }

  public String code() {
    return code;
  }

  /** True when the context is the event's own fields (or absent): nothing worth recording on the event. */
  boolean isOwnField() {
    return ownField;
  }
}
