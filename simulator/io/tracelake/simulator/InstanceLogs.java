package io.tracelake.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import io.tracelake.simulator.DayFiles.DayFile;
import io.tracelake.model.SpanKind;
import java.io.Closeable;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The log files of every instance of the fleet: {@code <logs>/<day>/<service>/<instance>.log<suffix>},
 * and {@code <logs>/<day>/<service>/access/<instance>.log<suffix>} for services that write an access log;
 * none at all for silent services, only the access log for access-log-only ones.
 */
final class InstanceLogs implements Closeable {
  static final String ACCESS_DIRECTORY = "access";

  /** By host index; null where the service writes no application log. */
  private final InstanceLog[] logs;
  /** By host index; null where the service writes no access log. */
  private final AccessLog[] accessLogs;
  private final boolean anyAccessLog;

  private InstanceLogs(InstanceLog[] logs, AccessLog[] accessLogs) {
    this.logs = logs;
    this.accessLogs = accessLogs;
    boolean any = false;
    for (AccessLog log : accessLogs) {
      any |= log != null;
    }
    this.anyAccessLog = any;
  }

  /**
   * Opens the logs of every instance, with their files of {@code options.date()}.
   *
   * @param zones the zone each service logs in when its format writes no offset (its first instance's)
   */
  static InstanceLogs create(LogFiles paths, Fleet fleet, GeneratorOptions options, Map<String, ZoneOffset> zones)
      throws IOException {
    JsonFactory factory = new JsonFactory();
    Scenario scenario = options.scenario();
    InstanceLog[] logs = new InstanceLog[fleet.hosts().size()];
    AccessLog[] accessLogs = new AccessLog[fleet.hosts().size()];
    try {
      for (Host host : fleet.hosts()) {
        ServiceFormat format = options.formatOf(host.service());
        ZoneOffset zone = logZone(host, format, zones);
        Scenario.Logging logging = scenario.loggingOf(host.service());
        if (logging == Scenario.Logging.ALL) {
          logs[host.index()] = InstanceLog.create(host, paths, options.date(), factory, format, zone,
              options.detailed(), scenario.idsOf(host.service()), scenario.duplicates(),
              RandomStreams.forDuplicates(options.seed(), options.date(), host.index()));
        }
        AccessLogFormat access = accessLogOf(format, logging);
        if (access != null) {
          accessLogs[host.index()] = AccessLog.create(host, paths, options.date(), access, zone);
        }
      }
    } catch (IOException | RuntimeException e) {
      new InstanceLogs(logs, accessLogs).closeQuietly(e);
      throw e;
    }
    return new InstanceLogs(logs, accessLogs);
  }

  /** The access log a service writes: its format's, and nginx's when it writes nothing else; null for none. */
  static AccessLogFormat accessLogOf(ServiceFormat format, Scenario.Logging logging) {
    switch (logging) {
      case NONE:
        return null;
      case ACCESS_ONLY:
        return format.accessLog() != null ? format.accessLog() : AccessLogFormat.NGINX;
      default:
        return format.accessLog();
    }
  }

  /** The zone {@code host} logs in: its own, or its service's when the format writes no offset. */
  static ZoneOffset logZone(Host host, ServiceFormat format, Map<String, ZoneOffset> zones) {
    return format.format().zoned() ? host.zone() : zones.get(host.service());
  }

  /**
   * Buffers the entries of every span of {@code trace} in its instance's log, and a line per SERVER span
   * in the access logs; returns how many entries.
   */
  long add(SimulatedTrace trace) {
    long entries = 0;
    Map<String, SimulatedSpan> byId = anyAccessLog ? new HashMap<>() : null;
    for (SimulatedSpan span : trace.spans()) {
      InstanceLog log = logs[span.host.index()];
      if (log != null) {
        entries += log.add(span);
      }
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
      if (log != null) {
        log.writeBefore(trueTimeUs + log.host().clockSkewUs());
      }
    }
    if (anyAccessLog) {
      for (AccessLog log : accessLogs) {
        if (log != null) {
          log.writeBefore(trueTimeUs + log.host().clockSkewUs());
        }
      }
    }
  }

  /** Every file opened, application logs first, in host order. */
  List<DayFile> files() {
    List<DayFile> files = new ArrayList<>();
    for (InstanceLog log : logs) {
      if (log != null) {
        files.addAll(log.files());
      }
    }
    for (AccessLog log : accessLogs) {
      if (log != null) {
        files.addAll(log.files());
      }
    }
    return files;
  }

  int fileCount() {
    return files().size();
  }

  /** Physical lines written to every file so far (all of them, once closed). */
  long lines() {
    return files().stream().mapToLong(DayFile::lines).sum();
  }

  /** Physical lines written so far by the day directory they are in. */
  Map<LocalDate, Long> linesByDay() {
    Map<LocalDate, Long> lines = new TreeMap<>();
    for (DayFile file : files()) {
      lines.merge(file.day, file.lines(), Long::sum);
    }
    return lines;
  }

  /** Entries written a second time, over all application logs. */
  long duplicateEntries() {
    long entries = 0;
    for (InstanceLog log : logs) {
      entries += log == null ? 0 : log.duplicateEntries();
    }
    return entries;
  }

  /** Physical lines of the entries written a second time. */
  long duplicateLines() {
    long lines = 0;
    for (InstanceLog log : logs) {
      lines += log == null ? 0 : log.duplicateLines();
    }
    return lines;
  }

  @Override
  public void close() throws IOException {
    List<Closeable> all = new ArrayList<>();
    for (InstanceLog log : logs) {
      if (log != null) {
        all.add(log);
      }
    }
    for (AccessLog log : accessLogs) {
      if (log != null) {
        all.add(log);
      }
    }
    DayFiles.closeAll(all);
  }

  private void closeQuietly(Exception cause) {
    try {
      close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
