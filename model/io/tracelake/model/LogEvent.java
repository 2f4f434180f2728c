package io.tracelake.model;

import java.util.Map;
import java.util.Objects;

/**
 * One parsed log entry: what a line said, with its time in UTC microseconds and its correlation ids.
 *
 * <p>Ids are lowercase hex strings or null. {@code attributes} holds every other field the line carried,
 * keyed by its name in the source; it is never null.
 */
public record LogEvent(
    long timestampUs,
    String level,
    String service,
    String instance,
    String logger,
    String thread,
    String message,
    String traceId,
    String spanId,
    String parentSpanId,
    Map<String, String> attributes) {

  public LogEvent {
    Objects.requireNonNull(attributes, "attributes");
  }

  public String attribute(String name) {
    return attributes.get(name);
  }

  /** A copy whose service and instance are filled from the given defaults where the line named none. */
  public LogEvent withDefaultOrigin(String defaultService, String defaultInstance) {
    if ((service != null || defaultService == null) && (instance != null || defaultInstance == null)) {
      return this;
    }
    return new LogEvent(timestampUs, level, service != null ? service : defaultService,
        instance != null ? instance : defaultInstance, logger, thread, message, traceId, spanId,
        parentSpanId, attributes);
  }
}
