package io.tracelake.model;

import java.util.Map;
import java.util.Objects;

/**
 * One parsed log entry: what a line (or a multi-line entry) said, with its time in UTC microseconds
 * and its correlation ids.
 *
 * <p>Ids are lowercase hex strings or null. {@code requestId} keeps a request id as logged when it was
 * not already a hex trace id (the trace id is then derived from it). The {@code http*} fields and
 * {@code durationUs} come from access logs; {@code exception*} from stack traces. {@code attributes}
 * holds every other field the entry carried, keyed by its name in the source; it is never null.
 * {@code timeSource} says whether the time is the entry's own or a fallback (never null).
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
    String requestId,
    String exceptionType,
    String exceptionMessage,
    String httpMethod,
    String httpPath,
    Integer httpStatus,
    Long durationUs,
    String stream,
    Map<String, String> attributes,
    TimeSource timeSource) {

  public LogEvent {
    Objects.requireNonNull(attributes, "attributes");
    timeSource = timeSource == null ? TimeSource.LINE : timeSource;
  }

  /** An entry with a time of its own. */
  public LogEvent(long timestampUs, String level, String service, String instance, String logger, String thread,
      String message, String traceId, String spanId, String parentSpanId, String requestId, String exceptionType,
      String exceptionMessage, String httpMethod, String httpPath, Integer httpStatus, Long durationUs, String stream,
      Map<String, String> attributes) {
    this(timestampUs, level, service, instance, logger, thread, message, traceId, spanId, parentSpanId, requestId,
        exceptionType, exceptionMessage, httpMethod, httpPath, httpStatus, durationUs, stream, attributes,
        TimeSource.LINE);
  }

  /** The fields a plain application log line has; the rest left empty. */
  public LogEvent(long timestampUs, String level, String service, String instance, String logger, String thread,
      String message, String traceId, String spanId, String parentSpanId, Map<String, String> attributes) {
    this(timestampUs, level, service, instance, logger, thread, message, traceId, spanId, parentSpanId, null, null,
        null, null, null, null, null, null, attributes);
  }

  public static Builder builder(long timestampUs) {
    return new Builder(timestampUs);
  }

  public Builder toBuilder() {
    return new Builder(timestampUs).level(level).service(service).instance(instance).logger(logger).thread(thread)
        .message(message).traceId(traceId).spanId(spanId).parentSpanId(parentSpanId).requestId(requestId)
        .exceptionType(exceptionType).exceptionMessage(exceptionMessage).httpMethod(httpMethod).httpPath(httpPath)
        .httpStatus(httpStatus).durationUs(durationUs).stream(stream).attributes(attributes).timeSource(timeSource);
  }

  public String attribute(String name) {
    return attributes.get(name);
  }

  /** A copy whose service and instance are filled from the given defaults where the entry named none. */
  public LogEvent withDefaultOrigin(String defaultService, String defaultInstance) {
    if ((service != null || defaultService == null) && (instance != null || defaultInstance == null)) {
      return this;
    }
    // the record's own constructor: a builder is one more object per line of a format whose lines name no service
    return new LogEvent(timestampUs, level, service != null ? service : defaultService,
        instance != null ? instance : defaultInstance, logger, thread, message, traceId, spanId, parentSpanId,
        requestId, exceptionType, exceptionMessage, httpMethod, httpPath, httpStatus, durationUs, stream, attributes,
        timeSource);
  }

  /** Collects the fields of an event as a parser finds them; only the timestamp is required. */
  public static final class Builder {
    private long timestampUs;
    private String level;
    private String service;
    private String instance;
    private String logger;
    private String thread;
    private String message;
    private String traceId;
    private String spanId;
    private String parentSpanId;
    private String requestId;
    private String exceptionType;
    private String exceptionMessage;
    private String httpMethod;
    private String httpPath;
    private Integer httpStatus;
    private Long durationUs;
    private String stream;
    private Map<String, String> attributes = Map.of();
    private TimeSource timeSource = TimeSource.LINE;

    private Builder(long timestampUs) {
      this.timestampUs = timestampUs;
    }

    public Builder timestampUs(long value) { timestampUs = value; return this; }
    public Builder level(String value) { level = value; return this; }
    public Builder service(String value) { service = value; return this; }
    public Builder instance(String value) { instance = value; return this; }
    public Builder logger(String value) { logger = value; return this; }
    public Builder thread(String value) { thread = value; return this; }
    public Builder message(String value) { message = value; return this; }
    public Builder traceId(String value) { traceId = value; return this; }
    public Builder spanId(String value) { spanId = value; return this; }
    public Builder parentSpanId(String value) { parentSpanId = value; return this; }
    public Builder requestId(String value) { requestId = value; return this; }
    public Builder exceptionType(String value) { exceptionType = value; return this; }
    public Builder exceptionMessage(String value) { exceptionMessage = value; return this; }
    public Builder httpMethod(String value) { httpMethod = value; return this; }
    public Builder httpPath(String value) { httpPath = value; return this; }
    public Builder httpStatus(Integer value) { httpStatus = value; return this; }
    public Builder durationUs(Long value) { durationUs = value; return this; }
    public Builder stream(String value) { stream = value; return this; }
    public Builder attributes(Map<String, String> value) { attributes = Objects.requireNonNull(value); return this; }
    public Builder timeSource(TimeSource value) { timeSource = value; return this; }

    public LogEvent build() {
      return new LogEvent(timestampUs, level, service, instance, logger, thread, message, traceId, spanId,
          parentSpanId, requestId, exceptionType, exceptionMessage, httpMethod, httpPath, httpStatus, durationUs,
          stream, attributes, timeSource);
    }
  }
}
