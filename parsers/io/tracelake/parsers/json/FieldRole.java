package io.tracelake.parsers.json;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a JSON field means to an event; {@link #configName()} is how a config names it. */
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
  EXCEPTION_MESSAGE("exception_message");

  private final String configName;

  FieldRole(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** @throws IllegalArgumentException naming the valid roles when {@code name} is none of them */
  public static FieldRole byConfigName(String name) {
    for (FieldRole role : values()) {
      if (role.configName.equals(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException("field role '" + name + "' is not one of: "
        + Arrays.stream(values()).map(FieldRole::configName).collect(Collectors.joining(", ")));
  }
}
