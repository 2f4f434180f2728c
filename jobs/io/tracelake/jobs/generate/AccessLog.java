package io.tracelake.jobs.generate;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * The access log of one service instance: a line per request served, written when the response went
 * out, so the file is in order of completion (Apache and Envoy log the start time, which is then not
 * quite in order, as in their real logs).
 */
final class AccessLog implements Closeable {
  private static final int FILE_BUFFER_BYTES = 1 << 16;

  private final Host host;
  private final Path file;
  private final AccessLogEncoder encoder;
  private final LogOutput output;
  private final StringBuilder line = new StringBuilder(512);
  private final PriorityQueue<ServedRequest> pending = new PriorityQueue<>();
  private long sequence;

  private AccessLog(Host host, Path file, AccessLogEncoder encoder, LogOutput output) {
    this.host = host;
    this.file = file;
    this.encoder = encoder;
    this.output = output;
  }

  static AccessLog create(Host host, Path file, Compression compression, AccessLogFormat format, ZoneOffset zone)
      throws IOException {
    OutputStream out = compression.compressInto(
        new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER_BYTES));
    return new AccessLog(host, file, AccessLogEncoder.create(format, zone), LogOutput.create(Envelope.NONE, out, zone));
  }

  Host host() {
    return host;
  }

  Path file() {
    return file;
  }

  /** Buffers the line of a SERVER span of this instance, sent by {@code client} (null from the internet). */
  void add(SimulatedSpan span, Host client) {
    pending.add(new ServedRequest(span.endUs + host.clockSkewUs(), sequence++, span, client));
  }

  /** Writes the line of every request the host answered before {@code hostTimeUs}. */
  void writeBefore(long hostTimeUs) throws IOException {
    while (!pending.isEmpty() && pending.peek().hostTimeUs() < hostTimeUs) {
      ServedRequest request = pending.poll();
      line.setLength(0);
      encoder.encode(request, line);
      output.write(request.hostTimeUs(), false, line);
    }
  }

  long lines() {
    return output.lines();
  }

  @Override
  public void close() throws IOException {
    try {
      writeBefore(Long.MAX_VALUE);
    } finally {
      output.close();
    }
  }
}
