package io.tracelake.simulator;

import io.tracelake.simulator.DayFiles.DayFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.PriorityQueue;

/**
 * The access log of one service instance: a line per request served, written when the response went
 * out, so the file is in order of completion (Apache and Envoy log the start time, which is then not
 * quite in order, as in their real logs). Each line goes into the file of the UTC day it was written on.
 */
final class AccessLog implements Closeable {
  private final Host host;
  private final AccessLogEncoder encoder;
  private final DayFiles files;
  private final StringBuilder line = new StringBuilder(512);
  private final PriorityQueue<ServedRequest> pending = new PriorityQueue<>();
  private long sequence;

  private AccessLog(Host host, AccessLogEncoder encoder, DayFiles files) {
    this.host = host;
    this.encoder = encoder;
    this.files = files;
  }

  /** Opens the access log of {@code host} with its file for {@code date}, which exists even when empty. */
  static AccessLog create(Host host, LogFiles paths, LocalDate date, AccessLogFormat format, ZoneOffset zone)
      throws IOException {
    DayFiles files = new DayFiles(day -> {
      Path file = paths.access(day, host);
      return new DayFile(day, file, LogOutput.create(Envelope.NONE, paths.open(file), zone));
    });
    files.of(date);
    return new AccessLog(host, AccessLogEncoder.create(format, zone), files);
  }

  Host host() {
    return host;
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
      files.at(request.hostTimeUs()).output.write(request.hostTimeUs(), false, line);
    }
  }

  Collection<DayFile> files() {
    return files.files();
  }

  @Override
  public void close() throws IOException {
    try {
      writeBefore(Long.MAX_VALUE);
    } finally {
      files.close();
    }
  }
}
