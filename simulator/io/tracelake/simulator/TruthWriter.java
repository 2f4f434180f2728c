package io.tracelake.simulator;

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
 * skew of the host that logged it, so a rebuild can be scored against what really happened; then
 * what its instance logged of it ({@code logged}: {@code app}, {@code access} or {@code none}) and the
 * UTC day of its trace's root's start ({@code day}), the day a rebuild should file the trace under.
 * With the habits of real services on (see {@link Scenario#habits()}), also which ids its lines carry
 * ({@code ids}: {@code full}, {@code span} or {@code request}), where its lines sit against its children
 * ({@code log_shape}, a {@link LineShape}) and how many of its ordinary lines it logged a second time
 * ({@code repeated_lines}, real events, each counted in the summary's {@code log_entries}).
 */
final class TruthWriter implements Closeable {
  private final JsonGenerator json;
  private final Scenario scenario;

  TruthWriter(Path file, Scenario scenario) throws IOException {
    this.scenario = scenario;
    json = new JsonFactory().createGenerator(
        new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), JsonEncoding.UTF8);
    json.setRootValueSeparator(null);
  }

  /** Which of its logs an instance wrote a span into: {@code app}, {@code access} or {@code none}. */
  interface Logged {
    String of(SimulatedSpan span);
  }

  void write(SimulatedTrace trace, Logged logged) throws IOException {
    String day = trace.day().toString();
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
      json.writeStringField("logged", logged.of(span));
      json.writeStringField("day", day);
      if (scenario.habits()) {
        json.writeStringField("ids", scenario.idsOf(span.service()).optionName());
        json.writeStringField("log_shape", span.lineShape.truthName());
        json.writeNumberField("repeated_lines", span.repeatedLines);
      }
      json.writeEndObject();
      json.writeRaw('\n');
    }
  }

  @Override
  public void close() throws IOException {
    json.close();
  }
}
