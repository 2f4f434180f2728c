package io.tracelake.jobs.generate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tracelake.model.Level;
import io.tracelake.model.SpanKind;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * The application log file of one service instance. Entries of requests still in flight wait in a small
 * buffer ordered by the host's clock, and are written once no later request can log anything earlier;
 * the file is thus sorted by timestamp without holding the day in memory.
 *
 * <p>Plain logstash JSON streams from Jackson straight into the file; every other format renders each
 * entry and hands it to a {@link LogOutput}, which may wrap it in a container runtime's envelope.
 */
final class InstanceLog implements Closeable {
  private static final int FILE_BUFFER_BYTES = 1 << 16;
  /** One SERVER span in this many logs its response body, when bodies are logged. */
  private static final int BODY_ODDS = 64;

  private final Host host;
  private final Path file;
  private final JsonGenerator json;
  private final LogstashLineEncoder logstash;
  private final EntryEncoder encoder;
  private final LogOutput output;
  private final StringBuilder entry = new StringBuilder(1 << 10);
  private final boolean bodies;
  private final PriorityQueue<LogLine> pending = new PriorityQueue<>();
  private long sequence;
  private long writtenThroughUs = Long.MIN_VALUE;
  private long jsonLines;

  private InstanceLog(Host host, Path file, JsonGenerator json, LogstashLineEncoder logstash, EntryEncoder encoder,
      LogOutput output, boolean bodies) {
    this.host = host;
    this.file = file;
    this.json = json;
    this.logstash = logstash;
    this.encoder = encoder;
    this.output = output;
    this.bodies = bodies;
  }

  /**
   * @param zone the zone the instance logs in
   * @param detailed whether error entries carry their exception and response bodies are logged now and then
   */
  static InstanceLog create(Host host, Path file, Compression compression, JsonFactory factory, ServiceFormat format,
      ZoneOffset zone, boolean detailed) throws IOException {
    OutputStream out = compression.compressInto(
        new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER_BYTES));
    if (format.format() == AppLogFormat.LOGSTASH_JSON && format.envelope() == Envelope.NONE) {
      JsonGenerator json = factory.createGenerator(out, JsonEncoding.UTF8);
      json.setRootValueSeparator(null);
      return new InstanceLog(host, file, json, new LogstashLineEncoder(host, zone, detailed), null, null, detailed);
    }
    return new InstanceLog(host, file, null, null,
        EntryEncoder.create(format.format(), host, zone, processId(host), detailed),
        LogOutput.create(format.envelope(), out, zone), detailed);
  }

  Host host() {
    return host;
  }

  Path file() {
    return file;
  }

  /**
   * Buffers the start entry, ordinary entries and end entry of {@code span}, at this host's clock;
   * returns how many.
   */
  int add(SimulatedSpan span) {
    long skew = host.clockSkewUs();
    enqueue(new LogLine(span.startUs + skew, sequence++, span, LogLine.Event.START, null));
    for (SpanNote note : span.notes()) {
      enqueue(new LogLine(note.timeUs() + skew, sequence++, span, LogLine.Event.NOTE, note));
    }
    int entries = span.notes().size() + 2;
    if (bodies && span.kind == SpanKind.SERVER && ResponseBodies.logs(span, BODY_ODDS)) {
      SpanNote body = new SpanNote((span.startUs + span.endUs) / 2, Level.DEBUG, ResponseBodies.message(span));
      enqueue(new LogLine(body.timeUs() + skew, sequence++, span, LogLine.Event.NOTE, body));
      entries++;
    }
    enqueue(new LogLine(span.endUs + skew, sequence++, span, LogLine.Event.END, null));
    return entries;
  }

  /** Writes every buffered entry the host logged before {@code hostTimeUs}. */
  void writeBefore(long hostTimeUs) throws IOException {
    while (!pending.isEmpty() && pending.peek().hostTimeUs < hostTimeUs) {
      LogLine line = pending.poll();
      if (json != null) {
        logstash.encode(line, json);
        jsonLines++;
      } else {
        entry.setLength(0);
        encoder.encode(line, entry);
        output.write(line.hostTimeUs, line.level() == Level.ERROR, entry);
      }
      writtenThroughUs = line.hostTimeUs;
    }
  }

  /** Physical lines written so far: stack trace lines and envelope pieces count one each. */
  long lines() {
    return json != null ? jsonLines : output.lines();
  }

  @Override
  public void close() throws IOException {
    try {
      writeBefore(Long.MAX_VALUE);
    } finally {
      if (json != null) {
        json.close();
      } else {
        output.close();
      }
    }
  }

  /** The process id of the service on this host, the same whatever its format. */
  static int processId(Host host) {
    return 1000 + Math.floorMod(host.instance().hashCode() * 7919, 60_000);
  }

  private void enqueue(LogLine line) {
    if (line.hostTimeUs < writtenThroughUs) {
      // would break the file's order: a request outlived what the caller promised when it flushed
      throw new IllegalStateException("a line of " + host.instance() + " at " + line.hostTimeUs
          + " µs came after lines up to " + writtenThroughUs + " µs were written");
    }
    pending.add(line);
  }
}
