package io.tracelake.jobs.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tracelake.jobs.run.Version;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Spans as one OTLP/JSON {@code ExportTraceServiceRequest}: what the OpenTelemetry collector's OTLP/HTTP
 * receiver takes and Jaeger UI's "JSON File" upload loads. Follows the OTLP/JSON encoding rules
 * (opentelemetry-proto, docs/specification.md "JSON Protobuf Encoding"): lowerCamelCase field names,
 * trace and span ids as hex strings (not base64 as protobuf's own JSON mapping would write them), enums
 * as integers, 64-bit integers (the unixNano times, int attributes) as decimal strings.
 *
 * <p>One {@code resourceSpans} per service and instance ({@code service.name}, {@code service.instance.id}),
 * each with one {@code scopeSpans} of scope {@code tracelake}.
 */
public final class OtlpJsonExport {

  /** SpanKind: UNSPECIFIED 0, INTERNAL 1, SERVER 2, CLIENT 3, PRODUCER 4, CONSUMER 5. */
  static int kind(SpanKind kind) {
    return switch (kind) {
      case INTERNAL -> 1;
      case SERVER -> 2;
      case CLIENT -> 3;
      case PRODUCER -> 4;
      case CONSUMER -> 5;
    };
  }

  /** Status.code: UNSET 0, OK 1, ERROR 2. tracelake only knows errors; the rest is left unset as SDKs do. */
  static final int STATUS_ERROR = 2;

  private OtlpJsonExport() {}

  public static byte[] json(List<Span> spans) {
    Map<List<String>, List<Span>> byResource = new LinkedHashMap<>();
    for (Span span : spans) {
      byResource.computeIfAbsent(java.util.Arrays.asList(span.service(), span.instance()), r -> new ArrayList<>())
          .add(span);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeArrayFieldStart("resourceSpans");
      for (Map.Entry<List<String>, List<Span>> resource : byResource.entrySet()) {
        json.writeStartObject();
        json.writeObjectFieldStart("resource");
        json.writeArrayFieldStart("attributes");
        stringAttribute(json, "service.name", Objects.requireNonNullElse(resource.getKey().get(0), "unknown_service"));
        if (resource.getKey().get(1) != null) {
          stringAttribute(json, "service.instance.id", resource.getKey().get(1));
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeArrayFieldStart("scopeSpans");
        json.writeStartObject();
        json.writeObjectFieldStart("scope");
        json.writeStringField("name", "tracelake");
        json.writeStringField("version", Version.current());
        json.writeEndObject();
        json.writeArrayFieldStart("spans");
        for (Span span : resource.getValue()) {
          span(json, span);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void span(JsonGenerator json, Span s) throws IOException {
    json.writeStartObject();
    json.writeStringField("traceId", s.traceId());
    json.writeStringField("spanId", s.spanId());
    if (s.parentSpanId() != null) {
      json.writeStringField("parentSpanId", s.parentSpanId());
    }
    json.writeStringField("name", s.name() == null ? "" : s.name());
    json.writeNumberField("kind", kind(s.kind()));
    json.writeStringField("startTimeUnixNano", nanos(s.startUs()));
    json.writeStringField("endTimeUnixNano", nanos(s.endUs()));
    json.writeArrayFieldStart("attributes");
    if (s.peerService() != null) {
      stringAttribute(json, "peer.service", s.peerService());
    }
    if (s.httpStatus() != null) {
      intAttribute(json, "http.response.status_code", s.httpStatus());
    }
    if (s.exceptionType() != null) {
      stringAttribute(json, "exception.type", s.exceptionType());
    }
    for (Map.Entry<String, Object> tag : SpanProvenance.tags(s).entrySet()) {
      Object value = tag.getValue();
      if (value instanceof Long l) {
        intAttribute(json, tag.getKey(), l);
        continue;
      }
      if (value instanceof String text) {
        stringAttribute(json, tag.getKey(), text);
        continue;
      }
      json.writeStartObject();
      json.writeStringField("key", tag.getKey());
      json.writeObjectFieldStart("value");
      if (value instanceof Double d) {
        json.writeNumberField("doubleValue", d);
      } else {
        json.writeBooleanField("boolValue", (Boolean) value);
      }
      json.writeEndObject();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeObjectFieldStart("status");
    if (s.error()) {
      json.writeNumberField("code", STATUS_ERROR);
      if (s.exceptionType() != null) {
        json.writeStringField("message", s.exceptionType());
      }
    }
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void stringAttribute(JsonGenerator json, String key, String value) throws IOException {
    json.writeStartObject();
    json.writeStringField("key", key);
    json.writeObjectFieldStart("value");
    json.writeStringField("stringValue", value);
    json.writeEndObject();
    json.writeEndObject();
  }

  /** int64 values are JSON strings in OTLP/JSON, as protobuf's JSON mapping writes them. */
  private static void intAttribute(JsonGenerator json, String key, long value) throws IOException {
    json.writeStartObject();
    json.writeStringField("key", key);
    json.writeObjectFieldStart("value");
    json.writeStringField("intValue", Long.toString(value));
    json.writeEndObject();
    json.writeEndObject();
  }

  private static String nanos(long micros) {
    return Long.toString(Math.multiplyExact(micros, 1_000L));
  }
}
