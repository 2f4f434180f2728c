package io.tracelake.jobs.export;

import io.tracelake.model.SpanKind;
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

  public static byte[] json(List<io.tracelake.model.Span> spans) {
    return SpanBytesEncoder.JSON_V2.encodeList(toZipkin(spans));
  }

  public static List<Span> toZipkin(List<io.tracelake.model.Span> spans) {
    List<Span> out = new ArrayList<>(spans.size());
    for (io.tracelake.model.Span s : spans) {
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
      if (s.error()) {
        // Zipkin's UI marks a span failed when it has an "error" tag; its value is the reason
        span.putTag("error", s.exceptionType() != null ? s.exceptionType()
            : s.httpStatus() != null ? "HTTP " + s.httpStatus() : "true");
      }
      // Zipkin's tags are strings: 0.9, 1500, true
      SpanProvenance.tags(s).forEach((key, value) -> span.putTag(key, String.valueOf(value)));
      out.add(span.build());
    }
    return out;
  }

  /** Zipkin has no INTERNAL kind: a local span is one without a kind. */
  static Span.Kind kind(SpanKind kind) {
    return switch (kind) {
      case SERVER -> Span.Kind.SERVER;
      case CLIENT -> Span.Kind.CLIENT;
      case PRODUCER -> Span.Kind.PRODUCER;
      case CONSUMER -> Span.Kind.CONSUMER;
      case INTERNAL -> null;
    };
  }
}
