package io.tracelake.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tracelake.model.Level;
import io.tracelake.model.trace.SpanMarkers;
import java.io.IOException;
import java.time.ZoneOffset;

/**
 * Writes log lines of one host as logstash-logback-encoder does: {@code @timestamp}, {@code @version},
 * message, logger, thread, level, the tracing MDC ({@code traceId}, {@code spanId}, {@code parentId}),
 * structured arguments, then the {@code app_name} and {@code HOSTNAME} custom fields. An error line that
 * logs its exception has it in {@code stack_trace}, after {@code level_value}. With {@link IdMode#SPAN}
 * the MDC holds {@code traceId} and {@code spanId} only and there are no structured arguments; with
 * {@link IdMode#REQUEST} it holds only {@code requestId}, a UUID.
 */
final class LogstashLineEncoder {
  private static final SerializedString TIMESTAMP = new SerializedString("@timestamp");
  private static final SerializedString VERSION = new SerializedString("@version");
  private static final SerializedString VERSION_VALUE = new SerializedString("1");
  private static final SerializedString MESSAGE = new SerializedString("message");
  private static final SerializedString LOGGER_NAME = new SerializedString("logger_name");
  private static final SerializedString THREAD_NAME = new SerializedString("thread_name");
  private static final SerializedString LEVEL = new SerializedString("level");
  private static final SerializedString LEVEL_VALUE = new SerializedString("level_value");
  private static final SerializedString STACK_TRACE = new SerializedString("stack_trace");
  private static final SerializedString TRACE_ID = new SerializedString("traceId");
  private static final SerializedString SPAN_ID = new SerializedString("spanId");
  private static final SerializedString PARENT_ID = new SerializedString("parentId");
  private static final SerializedString REQUEST_ID = new SerializedString("requestId");
  private static final SerializedString SPAN_EVENT = new SerializedString(SpanMarkers.SPAN_EVENT);
  private static final SerializedString SPAN_START = new SerializedString(SpanMarkers.START);
  private static final SerializedString SPAN_END = new SerializedString(SpanMarkers.END);
  private static final SerializedString SPAN_NAME = new SerializedString(SpanMarkers.SPAN_NAME);
  private static final SerializedString SPAN_KIND = new SerializedString(SpanMarkers.SPAN_KIND);
  private static final SerializedString PEER_SERVICE = new SerializedString("peer_service");
  private static final SerializedString STATUS_CODE = new SerializedString("status_code");
  private static final SerializedString APP_NAME = new SerializedString("app_name");
  private static final SerializedString HOSTNAME = new SerializedString("HOSTNAME");

  private final LogTimestamp timestamps;
  private final SerializedString service;
  private final SerializedString instance;
  private final boolean exceptions;
  private final IdMode ids;

  /** @param exceptions whether error lines carry their exception in {@code stack_trace} */
  LogstashLineEncoder(Host host, ZoneOffset zone, boolean exceptions) {
    this(host, zone, exceptions, IdMode.FULL);
  }

  LogstashLineEncoder(Host host, ZoneOffset zone, boolean exceptions, IdMode ids) {
    this.timestamps = new LogTimestamp(zone);
    this.service = new SerializedString(host.service());
    this.instance = new SerializedString(host.instance());
    this.exceptions = exceptions;
    this.ids = ids;
  }

  void encode(LogLine line, JsonGenerator json) throws IOException {
    SimulatedSpan span = line.span;
    Level level = line.level();
    String message = line.message();
    json.writeStartObject();
    json.writeFieldName(TIMESTAMP);
    json.writeString(timestamps.buffer(), 0, timestamps.format(line.hostTimeUs));
    json.writeFieldName(VERSION);
    json.writeString(VERSION_VALUE);
    json.writeFieldName(MESSAGE);
    json.writeString(message);
    json.writeFieldName(LOGGER_NAME);
    json.writeString(span.logger);
    json.writeFieldName(THREAD_NAME);
    json.writeString(span.thread);
    json.writeFieldName(LEVEL);
    json.writeString(level.name());
    json.writeFieldName(LEVEL_VALUE);
    json.writeNumber(levelValue(level));
    if (exceptions && line.failure()) {
      json.writeFieldName(STACK_TRACE);
      json.writeString(StackTraces.java(span, StackTraces.JavaStyle.LOGBACK));
    }
    if (ids == IdMode.REQUEST) {
      json.writeFieldName(REQUEST_ID);
      json.writeString(IdMode.requestId(span.traceId));
    } else {
      json.writeFieldName(TRACE_ID);
      json.writeString(span.traceId);
      json.writeFieldName(SPAN_ID);
      json.writeString(span.spanId);
    }
    if (ids.markers() && span.parentSpanId != null) {
      json.writeFieldName(PARENT_ID);
      json.writeString(span.parentSpanId);
    }
    if (ids.markers() && line.event != LogLine.Event.NOTE) {
      writeSpanMarker(line.event, span, json);
    }
    json.writeFieldName(APP_NAME);
    json.writeString(service);
    json.writeFieldName(HOSTNAME);
    json.writeString(instance);
    json.writeEndObject();
    json.writeRaw('\n');
  }

  private static void writeSpanMarker(LogLine.Event event, SimulatedSpan span, JsonGenerator json)
      throws IOException {
    json.writeFieldName(SPAN_EVENT);
    json.writeString(event == LogLine.Event.START ? SPAN_START : SPAN_END);
    json.writeFieldName(SPAN_NAME);
    json.writeString(span.name);
    json.writeFieldName(SPAN_KIND);
    json.writeString(span.kind.name());
    if (event == LogLine.Event.START && span.peerService != null) {
      json.writeFieldName(PEER_SERVICE);
      json.writeString(span.peerService);
    }
    if (event == LogLine.Event.END && span.statusCode > 0) {
      json.writeFieldName(STATUS_CODE);
      json.writeNumber(span.statusCode);
    }
  }

  /** Logback's numeric levels, as logstash-logback-encoder writes them. */
  private static int levelValue(Level level) {
    switch (level) {
      case TRACE:
        return 5000;
      case DEBUG:
        return 10000;
      case INFO:
        return 20000;
      case WARN:
        return 30000;
      default:
        return 40000;
    }
  }
}
