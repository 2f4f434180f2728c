package io.tracelake.jobs.export;

import java.util.ArrayList;
import java.util.List;
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Spans as Zipkin v2 JSON, encoded by zipkin2's own {@link SpanBytesEncoder#JSON_V2}: one flat list of
 * spans, the form Zipkin's {@code POST /api/v2/spans} takes and its UI's "Upload JSON" loads (one trace
 * per file for the UI).
 */
public final class ZipkinExport {

  private ZipkinExport() {}

  public static byte[] json(List<TraceSpan> spans) {
    return SpanBytesEncoder.JSON_V2.encodeList(toZipkin(spans));
  }

  public static List<Span> toZipkin(List<TraceSpan> spans) {
    List<Span> out = new ArrayList<>(spans.size());
    for (TraceSpan s : spans) {
      Span.Builder span = Span.newBuilder().traceId(s.traceId()).id(s.spanId()).parentId(s.parentSpanId())
          .name(s.name()).kind(kind(s.kind())).timestamp(s.startUs()).duration(s.durationUs())
          .localEndpoint(Endpoint.newBuilder().serviceName(s.service()).build());
      if (s.peerService() != null) {
        span.remoteEndpoint(Endpoint.newBuilder().serviceName(s.peerService()).build());
      }
      if (s.instance() != null) {
        span.putTag("service.instance.id", s.instance());
      }
      if (s.httpStatus() != null) {
        span.putTag("http.status_code", Integer.toString(s.httpStatus()));
      }
      if (s.exceptionType() != null) {
        span.putTag("exception.type", s.exceptionType());
      }
      if (s.isError()) {
        // Zipkin's UI marks a span failed when it has an "error" tag; its value is the reason
        span.putTag("error", s.exceptionType() != null ? s.exceptionType()
            : s.httpStatus() != null ? "HTTP " + s.httpStatus() : "true");
      }
      putIfPresent(span, "tracelake.timing_source", s.timingSource());
      putIfPresent(span, "tracelake.parent_source", s.parentSource());
      if (s.parentConfidence() != null) {
        span.putTag("tracelake.parent_confidence", Double.toString(s.parentConfidence()));
      }
      if (s.clockSkewUs() != 0) {
        span.putTag("tracelake.clock_skew_us", Long.toString(s.clockSkewUs()));
      }
      if (s.inferred()) {
        span.putTag("tracelake.inferred", "true");
      }
      out.add(span.build());
    }
    return out;
  }

  /** Zipkin has no INTERNAL kind: a local span is one without a kind. */
  static Span.Kind kind(String kind) {
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case "SERVER" -> Span.Kind.SERVER;
      case "CLIENT" -> Span.Kind.CLIENT;
      case "PRODUCER" -> Span.Kind.PRODUCER;
      case "CONSUMER" -> Span.Kind.CONSUMER;
      default -> null;
    };
  }

  private static void putIfPresent(Span.Builder span, String key, String value) {
    if (value != null) {
      span.putTag(key, value);
    }
  }
}
