package io.tracelake.parsers.context;

/**
 * Ids read from one propagation header or request id, already normalised: {@code traceId} 32 lowercase
 * hex (never null), the span ids 16 lowercase hex or null; {@code requestId} is the id as logged when
 * the trace id was derived from it, else null.
 */
public record TraceContext(String traceId, String spanId, String parentSpanId, String requestId,
    TraceContextSource source) {}
