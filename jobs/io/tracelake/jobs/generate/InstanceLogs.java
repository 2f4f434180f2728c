package io.tracelake.jobs.generate;

import com.fasterxml.jackson.core.JsonFactory;
import io.tracelake.model.SpanKind;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The log files of every instance of the fleet for one day: {@code <dir>/<service>/<instance>.log<suffix>},
 * and {@code <dir>/<service>/access/<instance>.log<suffix>} for services that write an access log.
 */
final class InstanceLogs implements Closeable {
  static final String ACCESS_DIRECTORY = "access";

  private final List<InstanceLog> logs;
  /** By host index; null where the service writes no access log. */
  private final AccessLog[] accessLogs;
  private final boolean anyAccessLog;

  private InstanceLogs(List<InstanceLog> logs, AccessLog[] accessLogs) {
    this.logs = logs;
    this.accessLogs = accessLogs;
    boolean any = false;
    for (AccessLog log : accessLogs) {
      any |= log != null;
    }
    this.anyAccessLog = any;
  }

  /**
   * @param zones the zone each service logs in when its format writes no offset (its first instance's)
   */
  static InstanceLogs create(Path dayDirectory, Fleet fleet, GeneratorOptions options, Map<String, ZoneOffset> zones)
      throws IOException {
    JsonFactory factory = new JsonFactory();
    Compression compression = options.compression();
    List<InstanceLog> logs = new ArrayList<>(fleet.hosts().size());
    AccessLog[] accessLogs = new AccessLog[fleet.hosts().size()];
    try {
      for (Host host : fleet.hosts()) {
        ServiceFormat format = options.formatOf(host.service());
        ZoneOffset zone = logZone(host, format, zones);
        Path serviceDirectory = Files.createDirectories(dayDirectory.resolve(host.service()));
        Path file = serviceDirectory.resolve(host.instance() + ".log" + compression.suffix());
        logs.add(InstanceLog.create(host, file, compression, factory, format, zone, options.detailed()));
        if (format.accessLog() != null) {
          Path accessFile = Files.createDirectories(serviceDirectory.resolve(ACCESS_DIRECTORY))
              .resolve(host.instance() + ".log" + compression.suffix());
          accessLogs[host.index()] = AccessLog.create(host, accessFile, compression, format.accessLog(), zone);
        }
      }
    } catch (IOException | RuntimeException e) {
      new InstanceLogs(logs, accessLogs).closeQuietly(e);
      throw e;
    }
    return new InstanceLogs(logs, accessLogs);
  }

  /** The zone {@code host} logs in: its own, or its service's when the format writes no offset. */
  static ZoneOffset logZone(Host host, ServiceFormat format, Map<String, ZoneOffset> zones) {
    return format.format().zoned() ? host.zone() : zones.get(host.service());
  }

  /**
   * Buffers the entries of every span of {@code trace} in its instance's log, and a line per SERVER span
   * in the access logs; returns how many entries.
   */
  int add(SimulatedTrace trace) {
    int entries = 0;
    Map<String, SimulatedSpan> byId = anyAccessLog ? new HashMap<>() : null;
    for (SimulatedSpan span : trace.spans()) {
      entries += logs.get(span.host.index()).add(span);
      if (byId != null) {
        byId.put(span.spanId, span);
      }
    }
    if (byId != null) {
      for (SimulatedSpan span : trace.spans()) {
        AccessLog accessLog = accessLogs[span.host.index()];
        if (accessLog != null && span.kind == SpanKind.SERVER) {
          SimulatedSpan caller = span.parentSpanId == null ? null : byId.get(span.parentSpanId);
          accessLog.add(span, caller == null ? null : caller.host);
          entries++;
        }
      }
    }
    return entries;
  }

  /**
   * Writes what every host logged before true time {@code trueTimeUs}: called with the next request's
   * arrival, before which no later request logs anything.
   */
  void writeBefore(long trueTimeUs) throws IOException {
    for (InstanceLog log : logs) {
      log.writeBefore(trueTimeUs + log.host().clockSkewUs());
    }
    if (anyAccessLog) {
      for (AccessLog log : accessLogs) {
        if (log != null) {
          log.writeBefore(trueTimeUs + log.host().clockSkewUs());
        }
      }
    }
  }

  int fileCount() {
    int files = logs.size();
    for (AccessLog log : accessLogs) {
      files += log == null ? 0 : 1;
    }
    return files;
  }

  /** Physical lines written to every file so far (all of them, once closed). */
  long lines() {
    long lines = 0;
    for (InstanceLog log : logs) {
      lines += log.lines();
    }
    for (AccessLog log : accessLogs) {
      lines += log == null ? 0 : log.lines();
    }
    return lines;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    List<Closeable> files = new ArrayList<>(logs);
    List<Path> paths = new ArrayList<>();
    logs.forEach(log -> paths.add(log.file()));
    for (AccessLog log : accessLogs) {
      if (log != null) {
        files.add(log);
        paths.add(log.file());
      }
    }
    for (int i = 0; i < files.size(); i++) {
      try {
        files.get(i).close();
      } catch (IOException e) {
        if (first == null) {
          first = new IOException("Could not finish " + paths.get(i) + ": " + e.getMessage(), e);
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
