package io.tracelake.parsers.json;

import io.tracelake.parsers.FieldRole;
import io.tracelake.parsers.LevelNumbering;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which JSON fields hold which part of an event, by {@link FieldRole}. Each role lists field names
 * tried in order; the first one present (and not null or blank) wins. Nested objects are named with
 * dots, so {@code log.level} is both {@code {"log.level":…}} and {@code {"log":{"level":…}}}. A field
 * may serve several roles. Fields in {@code ignored} are dropped; every other field that serves no role
 * lands in the event's attributes, and so does the stack trace of the {@link FieldRole#EXCEPTION} role.
 * A field listed for a role never lands in the attributes, even when a field earlier in the list won.
 *
 * <p>{@code keyValueLists} names the arrays of OpenTelemetry {@code {"key":…,"value":{"stringValue":…}}}
 * pairs to read as objects: {@code attributes:[{"key":"a.b","value":{"intValue":"1"}}]} is the field
 * {@code attributes.a.b}. {@code levelNumbering} says how to read a level logged as a number.
 */
public record JsonFieldMapping(
    Map<FieldRole, List<String>> fields,
    Set<String> ignored,
    Set<String> keyValueLists,
    LevelNumbering levelNumbering) {

  public JsonFieldMapping {
    EnumMap<FieldRole, List<String>> copy = new EnumMap<>(FieldRole.class);
    for (FieldRole role : FieldRole.values()) {
      List<String> names = List.copyOf(fields.getOrDefault(role, List.of()));
      for (String name : names) {
        if (name.isBlank()) {
          throw new IllegalArgumentException("JSON field names must not be blank (role " + role.configName() + ")");
        }
      }
      copy.put(role, names);
    }
    fields = Collections.unmodifiableMap(copy);
    ignored = Set.copyOf(ignored);
    keyValueLists = Set.copyOf(keyValueLists);
    Objects.requireNonNull(levelNumbering, "levelNumbering");
    if (copy.get(FieldRole.TIMESTAMP).isEmpty()) {
      throw new IllegalArgumentException("A JSON format needs at least one timestamp field");
    }
  }

  /** The fields tried for a role, in order; empty when the format has none. */
  public List<String> fields(FieldRole role) {
    return fields.get(role);
  }

  /** This mapping with the fields of one role replaced; an empty list turns the role off. */
  public JsonFieldMapping withFields(FieldRole role, List<String> names) {
    EnumMap<FieldRole, List<String>> changed = new EnumMap<>(fields);
    changed.put(role, names);
    return new JsonFieldMapping(changed, ignored, keyValueLists, levelNumbering);
  }

  /**
   * This mapping with the fields of the named roles replaced, e.g. {@code {"service": ["app"]}} (role
   * names as in {@link FieldRole#configName()}); roles not named keep their fields.
   *
   * @throws IllegalArgumentException for an unknown role name, naming the valid ones
   */
  public JsonFieldMapping withFields(Map<String, List<String>> fieldsByRoleName) {
    EnumMap<FieldRole, List<String>> changed = new EnumMap<>(fields);
    fieldsByRoleName.forEach((role, names) -> changed.put(FieldRole.byConfigName(role), names));
    return new JsonFieldMapping(changed, ignored, keyValueLists, levelNumbering);
  }

  /** This mapping reading numeric levels in another scheme (e.g. syslog severities in GELF). */
  public JsonFieldMapping withLevelNumbering(LevelNumbering numbering) {
    return new JsonFieldMapping(fields, ignored, keyValueLists, numbering);
  }

  /**
   * The keys real tracing integrations put trace context under, tried after a format's own: Micrometer
   * Tracing ({@code traceId}, {@code spanId}), OpenTelemetry's log correlation ({@code trace_id},
   * {@code span_id}), Elastic APM / ECS ({@code trace.id}, {@code span.id}, {@code transaction.id}), Datadog
   * ({@code dd.trace_id}, {@code dd.span_id}, decimal: see {@link #isDecimalIdField}) and Spring Cloud
   * Sleuth's B3 MDC keys ({@code X-B3-TraceId}, ...).
   */
  static final String[] TRACE_ID_KEYS = {"traceId", "trace_id", "trace.id", "dd.trace_id", "X-B3-TraceId"};
  static final String[] SPAN_ID_KEYS = {"spanId", "span_id", "span.id", "transaction.id", "dd.span_id", "X-B3-SpanId"};
  private static final String[] MDC = {"mdc."};
  private static final String[] REQUEST_ID_KEYS = {"requestId", "request_id", "X-Request-ID"};
  static final String[] PARENT_SPAN_ID_KEYS = {"parentId", "parent_id", "parentSpanId", "parent_span_id",
      "X-B3-ParentSpanId"};

  /**
   * Whether a field holds a Datadog id, which its tracers log as an unsigned decimal 64-bit number
   * ({@code dd.trace_id}, also nested or prefixed: {@code _dd.trace_id} in GELF, {@code dd.span_id}).
   */
  static boolean isDecimalIdField(String name) {
    return name.endsWith("dd.trace_id") || name.endsWith("dd.span_id");
  }

  /**
   * logstash-logback-encoder's LogstashEncoder, with the MDC keys of Spring Cloud Sleuth / Micrometer
   * Tracing and of B3 propagation for the ids.
   *
   * @param serviceField field naming the service (a custom field or MDC key), or null
   * @param instanceField field naming the instance, or null
   */
  public static JsonFieldMapping logstash(String serviceField, String instanceField) {
    return new Fields()
        .put(FieldRole.TIMESTAMP, "@timestamp")
        .put(FieldRole.LEVEL, "level")
        .put(FieldRole.MESSAGE, "message")
        .put(FieldRole.LOGGER, "logger_name")
        .put(FieldRole.THREAD, "thread_name")
        // Log4j2's JsonTemplateLayout with LogstashJsonEventLayoutV1.json nests the MDC under "mdc"
        .put(FieldRole.TRACE_ID, concat(TRACE_ID_KEYS, prefixed(MDC, TRACE_ID_KEYS)))
        .put(FieldRole.SPAN_ID, concat(SPAN_ID_KEYS, prefixed(MDC, SPAN_ID_KEYS)))
        .put(FieldRole.PARENT_SPAN_ID, concat(PARENT_SPAN_ID_KEYS, prefixed(MDC, PARENT_SPAN_ID_KEYS)))
        .put(FieldRole.REQUEST_ID, concat(REQUEST_ID_KEYS, prefixed(MDC, REQUEST_ID_KEYS)))
        .putIfNotNull(FieldRole.SERVICE, serviceField)
        .putIfNotNull(FieldRole.INSTANCE, instanceField)
        // and the exception
        .put(FieldRole.EXCEPTION, "stack_trace", "exception.stacktrace")
        .put(FieldRole.EXCEPTION_TYPE, "exception.exception_class")
        .put(FieldRole.EXCEPTION_MESSAGE, "exception.exception_message")
        .mapping(Set.of("@version", "level_value"), Set.of(), LevelNumbering.NONE);
  }

  /** {@link #logstash(String, String)} without service and instance fields. */
  public static JsonFieldMapping logstash() {
    return logstash(null, null);
  }

  /**
   * Elastic Common Schema as the ecs-logging libraries (Java, Python, .NET, Go, Node.js) write it,
   * with the ids the Elastic APM agents add: {@code trace.id}, and {@code span.id} or else
   * {@code transaction.id} for the span; and the MDC keys other tracers put beside them as top-level fields
   * (Micrometer's {@code traceId} under Spring Boot 3, OpenTelemetry's, Datadog's, B3).
   */
  public static JsonFieldMapping ecs() {
    return new Fields()
        .put(FieldRole.TIMESTAMP, "@timestamp")
        .put(FieldRole.LEVEL, "log.level")
        .put(FieldRole.MESSAGE, "message")
        .put(FieldRole.LOGGER, "log.logger")
        .put(FieldRole.THREAD, "process.thread.name")
        .put(FieldRole.TRACE_ID, TRACE_ID_KEYS)
        .put(FieldRole.SPAN_ID, "span.id", "transaction.id", "spanId", "span_id", "dd.span_id", "X-B3-SpanId")
        .put(FieldRole.PARENT_SPAN_ID, PARENT_SPAN_ID_KEYS)
        .put(FieldRole.REQUEST_ID, "http.request.id", "requestId", "request_id")
        .put(FieldRole.SERVICE, "service.name")
        .put(FieldRole.INSTANCE, "service.node.name", "host.hostname", "host.name")
        .put(FieldRole.EXCEPTION, "error.stack_trace")
        .put(FieldRole.EXCEPTION_TYPE, "error.type")
        .put(FieldRole.EXCEPTION_MESSAGE, "error.message")
        .mapping(Set.of("ecs.version"), Set.of(), LevelNumbering.NONE);
  }

  /**
   * An OpenTelemetry log record as JSON: the OTLP/JSON {@code LogRecord} ({@code timeUnixNano},
   * {@code severityNumber}, {@code body.stringValue}, {@code attributes} as key-value lists), also with
   * the snake_case names of the Python SDK's {@code LogRecord.to_json()}, and an optional
   * {@code resource} whose attributes ({@code service.name}, {@code service.instance.id},
   * {@code k8s.pod.name}, {@code host.name}) give service and instance.
   */
  public static JsonFieldMapping otel() {
    String[] resource = {"resource.attributes.", "resource."};
    return new Fields()
        // timeUnixNano 0 means unknown, so observed time is the fallback
        .put(FieldRole.TIMESTAMP, "timeUnixNano", "timestamp", "observedTimeUnixNano", "observed_timestamp")
        .put(FieldRole.LEVEL, "severityNumber", "severity_number", "severityText", "severity_text")
        .put(FieldRole.MESSAGE, "body.stringValue", "body")
        .put(FieldRole.LOGGER, "scope.name", "instrumentationScope.name")
        .put(FieldRole.THREAD, "attributes.thread.name")
        .put(FieldRole.TRACE_ID, "traceId", "trace_id")
        .put(FieldRole.SPAN_ID, "spanId", "span_id")
        .put(FieldRole.SERVICE, prefixed(resource, "service.name"))
        .put(FieldRole.INSTANCE, concat(prefixed(resource, "service.instance.id"), prefixed(resource, "k8s.pod.name"),
            prefixed(resource, "host.name")))
        .put(FieldRole.EXCEPTION, "attributes.exception.stacktrace")
        .put(FieldRole.EXCEPTION_TYPE, "attributes.exception.type")
        .put(FieldRole.EXCEPTION_MESSAGE, "attributes.exception.message")
        .mapping(Set.of("droppedAttributesCount", "dropped_attributes", "resource.schema_url", "resource.schemaUrl"),
            Set.of("attributes", "resource.attributes", "scope.attributes", "instrumentationScope.attributes"),
            LevelNumbering.OTEL);
  }

  /**
   * node-bunyan: {@code name} is the service, {@code hostname} the instance, {@code level} a number,
   * {@code err} its error serializer's output, {@code req_id} the request id by Bunyan's convention;
   * the ids {@code @opentelemetry/instrumentation-bunyan} injects.
   */
  public static JsonFieldMapping bunyan() {
    return new Fields()
        .put(FieldRole.TIMESTAMP, "time")
        .put(FieldRole.LEVEL, "level")
        .put(FieldRole.MESSAGE, "msg")
        .put(FieldRole.TRACE_ID, TRACE_ID_KEYS)
        .put(FieldRole.SPAN_ID, SPAN_ID_KEYS)
        .put(FieldRole.PARENT_SPAN_ID, PARENT_SPAN_ID_KEYS)
        .put(FieldRole.REQUEST_ID, "req_id", "reqId")
        .put(FieldRole.SERVICE, "name")
        .put(FieldRole.INSTANCE, "hostname")
        .put(FieldRole.EXCEPTION, "err.stack")
        .put(FieldRole.EXCEPTION_TYPE, "err.name")
        .put(FieldRole.EXCEPTION_MESSAGE, "err.message")
        .mapping(Set.of("v"), Set.of(), LevelNumbering.BUNYAN);
  }

  /**
   * pino (and Fastify, pino-http): {@code time} in epoch milliseconds, {@code level} a number,
   * {@code err} as pino's standard serializer writes it, {@code reqId} (Fastify) or {@code req.id}
   * (pino-http) as the request id; the ids {@code @opentelemetry/instrumentation-pino} injects; pino-http's
   * access-log fields ({@code req.method}, {@code req.url}, {@code res.statusCode}, {@code responseTime} in ms).
   */
  public static JsonFieldMapping pino() {
    return new Fields()
        .put(FieldRole.TIMESTAMP, "time")
        .put(FieldRole.LEVEL, "level")
        .put(FieldRole.MESSAGE, "msg")
        .put(FieldRole.TRACE_ID, TRACE_ID_KEYS)
        .put(FieldRole.SPAN_ID, SPAN_ID_KEYS)
        .put(FieldRole.PARENT_SPAN_ID, PARENT_SPAN_ID_KEYS)
        .put(FieldRole.REQUEST_ID, "reqId", "req.id", "req_id")
        .put(FieldRole.SERVICE, "name")
        .put(FieldRole.INSTANCE, "hostname")
        .put(FieldRole.EXCEPTION, "err.stack")
        .put(FieldRole.EXCEPTION_TYPE, "err.type", "err.name")
        .put(FieldRole.EXCEPTION_MESSAGE, "err.message")
        // pino-http's "request completed" line: an access log with the request, the status and the time taken
        .put(FieldRole.HTTP_METHOD, "req.method")
        .put(FieldRole.HTTP_PATH, "req.url")
        .put(FieldRole.HTTP_STATUS, "res.statusCode")
        .put(FieldRole.DURATION_MS, "responseTime")
        .mapping(Set.of(), Set.of(), LevelNumbering.BUNYAN);
  }

  /**
   * Any JSON lines: common field names for each role, meant to be replaced per role with
   * {@link #withFields(Map)}. Numeric levels are kept as logged unless a numbering is set.
   */
  public static JsonFieldMapping generic() {
    return new Fields()
        .put(FieldRole.TIMESTAMP, "@timestamp", "timestamp", "time", "ts")
        .put(FieldRole.LEVEL, "level", "log.level", "severity", "lvl")
        .put(FieldRole.MESSAGE, "message", "msg")
        .put(FieldRole.LOGGER, "logger", "logger_name", "log.logger")
        .put(FieldRole.THREAD, "thread", "thread_name")
        .put(FieldRole.TRACE_ID, TRACE_ID_KEYS)
        .put(FieldRole.SPAN_ID, SPAN_ID_KEYS)
        .put(FieldRole.PARENT_SPAN_ID, PARENT_SPAN_ID_KEYS)
        .put(FieldRole.REQUEST_ID, "request_id", "requestId")
        .put(FieldRole.SERVICE, "service", "service.name", "service_name")
        .put(FieldRole.INSTANCE, "instance", "hostname", "host")
        // winston's errors({stack: true}) writes "stack"; structlog's format_exc_info "exception"
        .put(FieldRole.EXCEPTION, "stack_trace", "stacktrace", "error.stack_trace", "exception", "stack")
        .put(FieldRole.EXCEPTION_TYPE, "error.type")
        .put(FieldRole.EXCEPTION_MESSAGE, "error.message")
        .mapping(Set.of(), Set.of(), LevelNumbering.NONE);
  }

  /**
   * GELF 1.1 (Graylog), as Spring Boot's structured logging ({@code logging.structured.format.*=gelf}) and
   * the logback-gelf / Log4j2 GelfLayout appenders write it: {@code timestamp} in epoch seconds,
   * {@code short_message}, {@code level} a syslog severity (or {@code _level_name}), {@code host}; every
   * other field has a {@code _} prefix, MDC keys included ({@code _traceId}, {@code _dd.trace_id}).
   */
  public static JsonFieldMapping gelf() {
    return new Fields()
        .put(FieldRole.TIMESTAMP, "timestamp")
        .put(FieldRole.LEVEL, "_level_name", "level")
        .put(FieldRole.MESSAGE, "short_message", "message")
        .put(FieldRole.LOGGER, "_log_logger", "_logger_name", "_loggerName", "_logger")
        .put(FieldRole.THREAD, "_process_thread_name", "_thread_name", "_threadName", "_thread")
        .put(FieldRole.TRACE_ID, prefixed(new String[] {"_"}, TRACE_ID_KEYS))
        .put(FieldRole.SPAN_ID, prefixed(new String[] {"_"}, SPAN_ID_KEYS))
        .put(FieldRole.PARENT_SPAN_ID, prefixed(new String[] {"_"}, PARENT_SPAN_ID_KEYS))
        .put(FieldRole.REQUEST_ID, "_requestId", "_request_id")
        .put(FieldRole.SERVICE, "_service.name", "_service", "_app_name")
        .put(FieldRole.INSTANCE, "host")
        .put(FieldRole.EXCEPTION, "_error_stack_trace", "_stack_trace", "_exception")
        .put(FieldRole.EXCEPTION_TYPE, "_error_type", "_exception_class")
        .put(FieldRole.EXCEPTION_MESSAGE, "_error_message", "_exception_message")
        // full_message repeats the message with the stack trace; the trace is kept from its own field
        .mapping(Set.of("version", "full_message"), Set.of(), LevelNumbering.SYSLOG);
  }

  private static String[] prefixed(String[] prefixes, String... names) {
    String[] all = new String[prefixes.length * names.length];
    int i = 0;
    for (String name : names) {
      for (String prefix : prefixes) {
        all[i++] = prefix + name;
      }
    }
    return all;
  }

  private static String[] concat(String[]... lists) {
    return java.util.Arrays.stream(lists).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  /** Collects the presets' role lists. */
  private static final class Fields {
    private final EnumMap<FieldRole, List<String>> byRole = new EnumMap<>(FieldRole.class);

    Fields put(FieldRole role, String... names) {
      byRole.put(role, List.of(names));
      return this;
    }

    Fields putIfNotNull(FieldRole role, String name) {
      return name == null ? this : put(role, name);
    }

    JsonFieldMapping mapping(Set<String> ignored, Set<String> keyValueLists, LevelNumbering numbering) {
      return new JsonFieldMapping(byRole, ignored, keyValueLists, numbering);
    }
  }
}
