package io.tracelake.jobs.generate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the ground truth: one JSON line per simulated span, at true time (without clock skew), with the
 * skew of the host that logged it, so a reconstruction can be scored against what really happened.
 */
final class TruthWriter implements Closeable {
  private final JsonGenerator json;

  TruthWriter(Path file) throws IOException {
    json = new JsonFactory().createGenerator(
        new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), JsonEncoding.UTF8);
    json.setRootValueSeparator(null);
  }

  void write(SimulatedTrace trace) throws IOException {
    for (SimulatedSpan span : trace.spans()) {
      json.writeStartObject();
      json.writeStringField("trace_id", span.traceId);
      json.writeStringField("span_id", span.spanId);
      json.writeStringField("parent_span_id", span.parentSpanId);
      json.writeStringField("service", span.service());
      json.writeStringField("instance", span.host.instance());
      json.writeStringField("name", span.name);
      json.writeStringField("kind", span.kind.name());
      json.writeNumberField("start_us", span.startUs);
      json.writeNumberField("end_us", span.endUs);
      json.writeBooleanField("error", span.error());
      json.writeNumberField("clock_skew_us", span.host.clockSkewUs());
      json.writeStringField("peer_service", span.peerService);
      json.writeEndObject();
      json.writeRaw('\n');
    }
  }

  @Override
  public void close() throws IOException {
    json.close();
  }
}
