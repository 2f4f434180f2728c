package io.tracelake.parsers;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a named field of a line (a JSON field, a grok or regex capture, a logfmt key) becomes in the
 * event, for every format. The {@link #configName()} is how a config's {@code fields} names the role.
 */
public enum FieldRole {
  TIMESTAMP("timestamp"),
  LEVEL("level"),
  MESSAGE("message"),
  LOGGER("logger"),
  THREAD("thread"),
  TRACE_ID("trace_id"),
  SPAN_ID("span_id"),
  PARENT_SPAN_ID("parent_span_id"),
  REQUEST_ID("request_id"),
  SERVICE("service"),
  INSTANCE("instance"),
  /** A stack trace: its headline gives the exception's type and message; the trace stays in the attributes. */
  EXCEPTION("exception"),
  /** The exception's type as a field of its own; wins over the one read from the stack trace. */
  EXCEPTION_TYPE("exception_type"),
  /** The exception's message as a field of its own; wins over the one read from the stack trace. */
  EXCEPTION_MESSAGE("exception_message"),
  HTTP_METHOD("http_method"),
  /** A path, a path with query string, a full URL or a whole request line ({@code GET /x HTTP/1.1}). */
  HTTP_PATH("http_path"),
  HTTP_STATUS("http_status"),
  /** A duration with a unit ({@code 42ms}, {@code 1.5s}, {@code 1m2s}, {@code 250µs}); a bare number is ms. */
  DURATION("duration"),
  DURATION_MS("duration_ms"),
  DURATION_US("duration_us"),
  DURATION_SECONDS("duration_seconds"),
  /** Dropped: neither mapped nor kept as an attribute. */
  IGNORED("ignored");

  private final String configName;

  FieldRole(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /**
   * The role of a config name, in any case and with or without underscores ({@code trace_id}, {@code traceId}).
   *
   * @throws IllegalArgumentException naming the known roles when there is none of that name
   */
  public static FieldRole byConfigName(String name) {
    for (FieldRole role : values()) {
      if (comparable(role.configName).equals(comparable(name == null ? "" : name.trim()))) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown field role '" + name + "'; known roles: " + knownNames());
  }

  private static String comparable(String name) {
    return name.replace("_", "").toLowerCase(java.util.Locale.ROOT);
  }

  public static String knownNames() {
    return Arrays.stream(values()).map(FieldRole::configName).collect(Collectors.joining(", "));
  }
}
