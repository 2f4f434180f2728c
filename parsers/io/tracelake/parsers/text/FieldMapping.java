package io.tracelake.parsers.text;

import io.tracelake.parsers.FieldRole;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which named fields of a line fill which part of an event, for the grok, regex and logfmt parsers.
 *
 * <p>Names match whatever their case and separators ({@code trace_id}, {@code traceId}, {@code traceID},
 * {@code trace.id} and {@code trace-id} are one name), so the defaults cover the spellings loggers use.
 * When a role lists several names and a line has more than one of them, the first listed wins. A field
 * of no role lands in the event's attributes under its own name.
 */
public final class FieldMapping {

  /** The default names of each role, in priority order. */
  private static final Map<FieldRole, List<String>> DEFAULTS = defaultNames();

  private final Map<String, Slot> slots;
  private final Map<FieldRole, List<String>> names;

  /** A field's role and its rank among the names of that role (0 wins). */
  record Slot(FieldRole role, int priority) {}

  private FieldMapping(Map<String, Slot> slots, Map<FieldRole, List<String>> names) {
    this.slots = slots;
    this.names = names;
  }

  /** The default mapping; see {@link #withOverrides} for the names it knows. */
  public static FieldMapping defaults() {
    return withOverrides(Map.of());
  }

  /**
   * The default mapping with some roles given other names: each key is a role's config name
   * ({@link FieldRole#configName()}, e.g. {@code trace_id}), its list the field names for that role in
   * priority order; they replace that role's defaults and take those names from any other role.
   * Default names: timestamp (timestamp, time, ts, @timestamp, date, datetime, t), level (level,
   * severity, loglevel, lvl, levelname), message (message, msg), logger (logger, logger_name, class),
   * thread (thread, thread_name), traceId (trace_id, X-B3-TraceId, dd.trace_id), spanId (span_id,
   * X-B3-SpanId, dd.span_id), parentSpanId (parent_id, parent_span_id, X-B3-ParentSpanId), requestId
   * (request_id, req_id, X-Request-ID, correlation_id), service (service, app, service_name, app_name,
   * application), instance (instance, host, hostname), httpMethod (method, verb, http_method,
   * request_method), httpPath (path, request, uri, url, http_path, request_uri), httpStatus (status,
   * response, status_code, http_status), duration (duration, elapsed, latency, took: with a unit),
   * durationMs (duration_ms, elapsed_ms, latency_ms, took_ms), durationUs (duration_us, elapsed_us),
   * durationSeconds (request_time, duration_seconds, duration_sec).
   *
   * @throws IllegalArgumentException for an unknown role name
   */
  public static FieldMapping withOverrides(Map<String, List<String>> overrides) {
    Map<FieldRole, List<String>> given = new EnumMap<>(FieldRole.class);
    overrides.forEach((roleName, fieldNames) ->
        given.put(FieldRole.byConfigName(roleName), fieldNames == null ? List.of() : List.copyOf(fieldNames)));
    Map<FieldRole, List<String>> names = new EnumMap<>(DEFAULTS);
    names.putAll(given);
    Map<String, Slot> slots = new HashMap<>();
    // defaults first, then the overrides: a name an override gives to another role moves there
    DEFAULTS.forEach((role, list) -> {
      if (!given.containsKey(role)) {
        assign(slots, role, list);
      }
    });
    given.forEach((role, list) -> assign(slots, role, list));
    return new FieldMapping(Map.copyOf(slots), Map.copyOf(names));
  }

  /** The slot of a field name, or null when the field is an attribute. */
  Slot slot(String fieldName) {
    return slots.get(canonical(fieldName));
  }

  /** The names of a role, for rejection details ("no timestamp field (timestamp, time, ...)"). */
  String namesOf(FieldRole role) {
    List<String> list = names.getOrDefault(role, List.of());
    return list.isEmpty() ? role.configName() : String.join(", ", list);
  }

  /** Lower case without '_', '-', '.' and '@': the form in which names are compared. */
  static String canonical(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '_' && c != '-' && c != '.' && c != '@') {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static Map<FieldRole, List<String>> defaultNames() {
    Map<FieldRole, List<String>> d = new EnumMap<>(FieldRole.class);
    d.put(FieldRole.TIMESTAMP, List.of("timestamp", "time", "ts", "@timestamp", "date", "datetime", "t"));
    d.put(FieldRole.LEVEL, List.of("level", "severity", "loglevel", "lvl", "levelname"));
    d.put(FieldRole.MESSAGE, List.of("message", "msg"));
    d.put(FieldRole.LOGGER, List.of("logger", "logger_name", "class"));
    d.put(FieldRole.THREAD, List.of("thread", "thread_name"));
    d.put(FieldRole.TRACE_ID, List.of("trace_id", "X-B3-TraceId", "dd.trace_id"));
    d.put(FieldRole.SPAN_ID, List.of("span_id", "X-B3-SpanId", "dd.span_id"));
    d.put(FieldRole.PARENT_SPAN_ID, List.of("parent_id", "parent_span_id", "X-B3-ParentSpanId"));
    d.put(FieldRole.REQUEST_ID, List.of("request_id", "req_id", "X-Request-ID", "correlation_id"));
    d.put(FieldRole.SERVICE, List.of("service", "app", "service_name", "app_name", "application"));
    d.put(FieldRole.INSTANCE, List.of("instance", "host", "hostname"));
    d.put(FieldRole.HTTP_METHOD, List.of("method", "verb", "http_method", "request_method"));
    d.put(FieldRole.HTTP_PATH, List.of("path", "request", "uri", "url", "http_path", "request_uri"));
    d.put(FieldRole.HTTP_STATUS, List.of("status", "response", "status_code", "http_status"));
    d.put(FieldRole.DURATION, List.of("duration", "elapsed", "latency", "took"));
    d.put(FieldRole.DURATION_MS, List.of("duration_ms", "elapsed_ms", "latency_ms", "took_ms"));
    d.put(FieldRole.DURATION_US, List.of("duration_us", "elapsed_us"));
    d.put(FieldRole.DURATION_SECONDS, List.of("request_time", "duration_seconds", "duration_sec"));
    d.put(FieldRole.IGNORED, List.of());
    return d;
  }

  private static void assign(Map<String, Slot> slots, FieldRole role, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      slots.put(canonical(names.get(i)), new Slot(role, i));
    }
  }
}
