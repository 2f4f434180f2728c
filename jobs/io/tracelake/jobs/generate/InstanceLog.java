package io.tracelake.jobs.generate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.PriorityQueue;

/**
 * The log file of one service instance. Lines of requests still in flight wait in a small buffer
 * ordered by the host's clock, and are written once no later request can log anything earlier; the file
 * is thus sorted by timestamp without holding the day in memory.
 */
final class InstanceLog implements Closeable {
  private static final int FILE_BUFFER_BYTES = 1 << 16;

  private final Host host;
  private final Path file;
  private final JsonGenerator json;
  private final LogstashLineEncoder encoder;
  private final PriorityQueue<LogLine> pending = new PriorityQueue<>();
  private long sequence;
  private long writtenThroughUs = Long.MIN_VALUE;

  private InstanceLog(Host host, Path file, JsonGenerator json) {
    this.host = host;
    this.file = file;
    this.json = json;
    this.encoder = new LogstashLineEncoder(host);
  }

  static InstanceLog create(Host host, Path file, Compression compression, JsonFactory factory) throws IOException {
    OutputStream out = compression.compressInto(
        new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER_BYTES));
    JsonGenerator json = factory.createGenerator(out, JsonEncoding.UTF8);
    json.setRootValueSeparator(null);
    return new InstanceLog(host, file, json);
  }

  Host host() {
    return host;
  }

  Path file() {
    return file;
  }

  /** Buffers the start line, ordinary lines and end line of {@code span}, at this host's clock; returns how many. */
  int add(SimulatedSpan span) {
    long skew = host.clockSkewUs();
    enqueue(new LogLine(span.startUs + skew, sequence++, span, LogLine.Event.START, null));
    for (SpanNote note : span.notes()) {
      enqueue(new LogLine(note.timeUs() + skew, sequence++, span, LogLine.Event.NOTE, note));
    }
    enqueue(new LogLine(span.endUs + skew, sequence++, span, LogLine.Event.END, null));
    return span.notes().size() + 2;
  }

  /** Writes every buffered line the host logged before {@code hostTimeUs}. */
  void writeBefore(long hostTimeUs) throws IOException {
    while (!pending.isEmpty() && pending.peek().hostTimeUs < hostTimeUs) {
      LogLine line = pending.poll();
      encoder.encode(line, json);
      writtenThroughUs = line.hostTimeUs;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      writeBefore(Long.MAX_VALUE);
    } finally {
      json.close();
    }
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
