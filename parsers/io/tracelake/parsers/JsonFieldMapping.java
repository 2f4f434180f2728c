package io.tracelake.parsers;

import java.util.List;
import java.util.Set;

/**
 * Which JSON field holds which part of an event. Lists are tried in order; the first field present wins.
 * Fields in {@code ignored} are dropped; every other field lands in the event's attributes.
 */
public record JsonFieldMapping(
    List<String> timestamp,
    List<String> level,
    List<String> message,
    List<String> logger,
    List<String> thread,
    List<String> traceId,
    List<String> spanId,
    List<String> parentSpanId,
    String service,
    String instance,
    Set<String> ignored) {

  public JsonFieldMapping {
    timestamp = List.copyOf(timestamp);
    level = List.copyOf(level);
    message = List.copyOf(message);
    logger = List.copyOf(logger);
    thread = List.copyOf(thread);
    traceId = List.copyOf(traceId);
    spanId = List.copyOf(spanId);
    parentSpanId = List.copyOf(parentSpanId);
    ignored = Set.copyOf(ignored);
    if (timestamp.isEmpty()) {
      throw new IllegalArgumentException("A JSON format needs at least one timestamp field");
    }
  }

  /**
   * The fields of logstash-logback-encoder's LogstashEncoder, with the MDC keys of Spring Cloud
   * Sleuth / Micrometer Tracing and of B3 propagation for the ids.
   */
  public static JsonFieldMapping logstash(String serviceField, String instanceField) {
    return new JsonFieldMapping(
        List.of("@timestamp"),
        List.of("level"),
        List.of("message"),
        List.of("logger_name"),
        List.of("thread_name"),
        List.of("traceId", "trace_id", "X-B3-TraceId"),
        List.of("spanId", "span_id", "X-B3-SpanId"),
        List.of("parentId", "parent_id", "parentSpanId", "X-B3-ParentSpanId"),
        serviceField,
        instanceField,
        Set.of("@version", "level_value"));
  }
}
