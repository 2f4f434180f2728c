package io.tracelake.jobs.generate;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The log files of every instance of the fleet for one day: {@code <dir>/<service>/<instance>.log<suffix>}. */
final class InstanceLogs implements Closeable {
  private final List<InstanceLog> logs;

  private InstanceLogs(List<InstanceLog> logs) {
    this.logs = logs;
  }

  static InstanceLogs create(Path dayDirectory, Fleet fleet, Compression compression) throws IOException {
    JsonFactory factory = new JsonFactory();
    List<InstanceLog> logs = new ArrayList<>(fleet.hosts().size());
    try {
      for (Host host : fleet.hosts()) {
        Path serviceDirectory = Files.createDirectories(dayDirectory.resolve(host.service()));
        Path file = serviceDirectory.resolve(host.instance() + ".log" + compression.suffix());
        logs.add(InstanceLog.create(host, file, compression, factory));
      }
    } catch (IOException | RuntimeException e) {
      new InstanceLogs(logs).closeQuietly(e);
      throw e;
    }
    return new InstanceLogs(logs);
  }

  /** Buffers the lines of every span of {@code trace} in its instance's log; returns how many. */
  int add(SimulatedTrace trace) {
    int lines = 0;
    for (SimulatedSpan span : trace.spans()) {
      lines += logs.get(span.host.index()).add(span);
    }
    return lines;
  }

  /**
   * Writes what every host logged before true time {@code trueTimeUs}: called with the next request's
   * arrival, before which no later request logs anything.
   */
  void writeBefore(long trueTimeUs) throws IOException {
    for (InstanceLog log : logs) {
      log.writeBefore(trueTimeUs + log.host().clockSkewUs());
    }
  }

  int fileCount() {
    return logs.size();
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (InstanceLog log : logs) {
      try {
        log.close();
      } catch (IOException e) {
        if (first == null) {
          first = new IOException("Could not finish " + log.file() + ": " + e.getMessage(), e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void closeQuietly(Exception cause) {
    try {
      close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
