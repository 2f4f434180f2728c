package io.tracelake.simulator;

import io.tracelake.model.SpanKind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Simulates one day of a microservice shop and writes what its services would have logged, with the
 * spans that really happened as ground truth.
 *
 * <p>Writes, under the output directory: {@code logs/<date>/<service>/<instance>.log[.gz|.bz2|.zst]}
 * (in the service's format, logstash JSON lines by default, each file sorted by its host's clock),
 * {@code logs/<date>/<service>/access/<instance>.log[...]} for services with an access log,
 * {@code truth/spans.jsonl}, {@code truth/summary.json} and {@code tracelake.yaml}. The same options give
 * byte-identical files. Requests are simulated one at a time in arrival order, so memory does not grow
 * with the number of requests (the giant trace of a {@link Scenario} is held whole while it is written).
 *
 * <p>A scenario with requests across midnight adds requests that start in the last instants before the
 * next UTC midnight and end after it, and as many that start before this day's midnight; each line then
 * goes into the directory of the UTC day of its host's timestamp: {@code logs/<date-1>/},
 * {@code logs/<date>/} or {@code logs/<date+1>/}, under the same file names. Without it no trace may
 * run past midnight.
 */
public final class LogSimulator {
  private static final Pattern GENERATED_LOG =
      Pattern.compile("[a-z]+-[0-9]+(" + LogFiles.RESENT_SUFFIX + ")?\\.log(\\.gz|\\.bz2|\\.zst)?");
  /** When the giant request arrives: a nightly export, in the quiet hours. */
  static final LocalTime GIANT_TRACE_ARRIVAL = LocalTime.of(3, 0);

  private final GeneratorOptions options;

  public LogSimulator(GeneratorOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("Invalid generator options: null");
    }
    this.options = options;
  }

  public GenerationSummary run() throws IOException {
    Scenario scenario = options.scenario();
    LocalDate date = options.date();
    Path outDir = options.outDir();
    LogFiles paths = new LogFiles(outDir.resolve("logs"), options.compression());
    Path dayDirectory = paths.dayDirectory(date);
    Path truthFile = outDir.resolve("truth").resolve("spans.jsonl");
    Files.createDirectories(dayDirectory);
    Files.createDirectories(truthFile.getParent());
    removeEarlierRun(dayDirectory);
    if (scenario.acrossMidnight() > 0) {
      removeEarlierRun(paths.dayDirectory(date.minusDays(1)));
      removeEarlierRun(paths.dayDirectory(date.plusDays(1)));
    }

    ShopTopology topology = new ShopTopology();
    // the worker comes last, so the shop's hosts and clocks are those of a day without it
    Fleet fleet = Fleet.create(ShopTopology.services(scenario), ShopTopology.GATEWAY,
        RandomStreams.forFleet(options.seed()), scenario.maxSkewUs());
    RequestSimulator simulator = new RequestSimulator(topology, fleet, options.seed(), date, scenario);
    long dayStartUs = date.toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC) * 1_000_000L;
    long midnightUs = dayStartUs + DayFiles.MICROS_PER_DAY;
    ArrivalPlan plan = new ArrivalPlan(simulator, topology, dayStartUs);

    Map<String, ZoneOffset> zones = serviceZones(fleet);
    long spans = 0;
    long entries = 0;
    int traces = 0;
    String giantTraceId = null;
    HabitCounts habits = new HabitCounts();
    int files;
    Map<LocalDate, Long> linesByDay;
    InstanceLogs logs = InstanceLogs.create(paths, fleet, options, zones);
    TruthWriter.Logged logged = span -> logged(span);
    try (logs; TruthWriter truth = new TruthWriter(truthFile, scenario)) {
      Arrival next = plan.next();
      while (next != null) {
        SimulatedTrace trace = simulator.simulate(next.index, next.arrivalUs, next.route);
        if (!next.acrossMidnight && trace.endUs() + scenario.maxSkewUs() >= midnightUs) {
          // latencies are capped so that this cannot happen; a day's logs must not spill into the next
          throw new IllegalStateException("trace " + trace.traceId() + " runs past midnight");
        }
        if (next.route != null) {
          giantTraceId = trace.traceId();
        }
        truth.write(trace, logged);
        habits.count(trace);
        entries += logs.add(trace);
        spans += trace.spans().size();
        traces++;
        next = plan.next();
        if (next != null) {
          logs.writeBefore(next.arrivalUs);
        }
      }
      files = logs.fileCount();
    }
    linesByDay = logs.linesByDay();
    Path configFile = ConfigFile.write(outDir, options, zones);
    SummaryFile.write(truthFile.resolveSibling(SummaryFile.FILE_NAME), options, traces, spans, logs.lines(), entries,
        linesByDay, logs.duplicateEntries(), logs.duplicateLines(), giantTraceId, habits);
    return new GenerationSummary(options.requests(), traces, spans, logs.lines(), entries, files, truthFile,
        configFile);
  }

  /** What the instance of {@code span} logged of it: its app log lines, only an access log line, or nothing. */
  private String logged(SimulatedSpan span) {
    if (span.unlogged) {
      return "none";
    }
    Scenario.Logging logging = options.scenario().loggingOf(span.service());
    switch (logging) {
      case ALL:
        return "app";
      case ACCESS_ONLY:
        return span.kind == SpanKind.SERVER ? "access" : "none";
      default:
        return "none";
    }
  }

  /** What the habits of real services did over the day, for the summary. */
  static final class HabitCounts {
    /** Requests answered 202 whose work went on in the worker. */
    long afterResponseRequests;
    /** Spans whose lines do not enclose their children. */
    long nonEnclosingSpans;
    /** Spans their instance did not log although their service logs: CLIENT spans to other services under an agent. */
    long unloggedSpans;
    /** Ordinary lines logged a second time: entries, and lines, since such a line is one physical line. */
    long repeatedLines;

    void count(SimulatedTrace trace) {
      for (SimulatedSpan span : trace.spans()) {
        if (span.service().equals(ShopTopology.WORKER) && span.parentSpanId != null
            && !trace.byId(span.parentSpanId).service().equals(ShopTopology.WORKER)) {
          afterResponseRequests++;
        }
        nonEnclosingSpans += span.lineShape == LineShape.ENCLOSING ? 0 : 1;
        unloggedSpans += span.unlogged ? 1 : 0;
        repeatedLines += span.repeatedLines;
      }
    }
  }

  /** One request to simulate: its index (its random stream), when it arrives, and a route it must take. */
  private record Arrival(long index, long arrivalUs, Route route, boolean acrossMidnight) {}

  /**
   * The requests of the day in order of arrival: those that start before this day's midnight, the day's
   * own requests with the giant one among them, then those that run past the next midnight. The day's
   * own have indices from 0, as without a scenario, so they are the same requests; the others come after.
   */
  private final class ArrivalPlan {
    private final ArrivalSchedule schedule;
    private final Arrival[] before;
    private final Arrival[] after;
    private Arrival giant;
    private int nextBefore;
    private int nextAfter;
    private int regularLeft;
    private long regularArrival = Long.MIN_VALUE;
    /** When the last request of those that cross a midnight ends, set by {@link #crossing}. */
    private long crossingEndUs;

    ArrivalPlan(RequestSimulator simulator, ShopTopology topology, long dayStartUs) {
      Scenario scenario = options.scenario();
      int requests = options.requests();
      int across = scenario.acrossMidnight();
      schedule = new ArrivalSchedule(options.date(), requests, RandomStreams.forArrivals(options.seed(),
          options.date()));
      regularLeft = requests;
      before = crossing(simulator, requests, dayStartUs, across);
      long beforeEndUs = crossingEndUs;
      after = crossing(simulator, requests + across, dayStartUs + DayFiles.MICROS_PER_DAY, across);
      long firstRegular = dayStartUs + ArrivalSchedule.FIRST_ARRIVAL.toSecondOfDay() * 1_000_000L;
      long lastRegular = dayStartUs + ArrivalSchedule.LAST_ARRIVAL.toSecondOfDay() * 1_000_000L;
      if (beforeEndUs >= firstRegular) {
        throw new IllegalStateException("a request across midnight outlasts the first minute of the day");
      }
      if (after.length > 0 && after[0].arrivalUs < lastRegular) {
        throw new IllegalStateException("a request across midnight starts before the last of the day's requests");
      }
      if (scenario.giantTraceEvents() > 0) {
        giant = new Arrival(requests + 2L * across,
            dayStartUs + GIANT_TRACE_ARRIVAL.toSecondOfDay() * 1_000_000L,
            topology.exportRoute(scenario.giantTraceEvents()), false);
      }
    }

    /** The next request, or null after the last. */
    Arrival next() {
      if (nextBefore < before.length) {
        return before[nextBefore++];
      }
      if (regularLeft > 0 && regularArrival == Long.MIN_VALUE) {
        regularArrival = schedule.next();
      }
      if (giant != null && (regularLeft == 0 || giant.arrivalUs <= regularArrival)) {
        Arrival arrival = giant;
        giant = null;
        return arrival;
      }
      if (regularLeft > 0) {
        Arrival arrival = new Arrival(options.requests() - regularLeft, regularArrival, null, false);
        regularLeft--;
        regularArrival = Long.MIN_VALUE;
        return arrival;
      }
      return nextAfter < after.length ? after[nextAfter++] : null;
    }

    /**
     * {@code count} requests, indices from {@code firstIndex}, each arriving so that it is under way at
     * {@code midnightUs}: a request's spans last as long whenever it arrives, so it is simulated once to
     * learn how long it takes and then placed with 20 to 80 % of that before midnight.
     */
    private Arrival[] crossing(RequestSimulator simulator, long firstIndex, long midnightUs, int count) {
      Arrival[] arrivals = new Arrival[count];
      crossingEndUs = Long.MIN_VALUE;
      for (int i = 0; i < count; i++) {
        long index = firstIndex + i;
        SimulatedTrace probe = simulator.simulate(index, midnightUs);
        long duration = probe.endUs() - probe.startUs();
        // the share before midnight comes from the trace id: no draw from any stream the traces use
        double share = 0.2 + 0.6 * (Long.parseUnsignedLong(probe.traceId().substring(16), 16) >>> 11) * 0x1.0p-53;
        long beforeMidnight = Math.max(1, Math.min(duration - 1, (long) (duration * share)));
        arrivals[i] = new Arrival(index, midnightUs - beforeMidnight, null, true);
        crossingEndUs = Math.max(crossingEndUs, midnightUs - beforeMidnight + duration);
      }
      Arrays.sort(arrivals, (a, b) -> a.arrivalUs != b.arrivalUs ? Long.compare(a.arrivalUs, b.arrivalUs)
          : Long.compare(a.index, b.index));
      return arrivals;
    }
  }

  /**
   * The zone each service logs in when its format writes no offset: one for all its instances, so that
   * one {@code timezone} in the config fits all its files, and never UTC, so that a wrong one shows.
   */
  private static Map<String, ZoneOffset> serviceZones(Fleet fleet) {
    Map<String, ZoneOffset> zones = new HashMap<>();
    for (Host host : fleet.hosts()) {
      zones.computeIfAbsent(host.service(),
          service -> Fleet.OTHER_ZONES[Math.floorMod(service.hashCode(), Fleet.OTHER_ZONES.length)]);
    }
    return zones;
  }

  /**
   * Deletes log files an earlier run left for this day, so that a rerun with another seed (and so
   * another set of instances) leaves exactly its own files. Only names this generator writes are touched.
   */
  private static void removeEarlierRun(Path dayDirectory) throws IOException {
    List<String> services = new ArrayList<>(ShopTopology.SERVICES);
    // an earlier run may have had work after the response
    services.add(ShopTopology.WORKER);
    for (String service : services) {
      Path serviceDirectory = dayDirectory.resolve(service);
      if (!Files.isDirectory(serviceDirectory)) {
        continue;
      }
      removeGeneratedLogs(serviceDirectory, service);
      Path accessDirectory = serviceDirectory.resolve(InstanceLogs.ACCESS_DIRECTORY);
      if (Files.isDirectory(accessDirectory)) {
        removeGeneratedLogs(accessDirectory, service);
      }
    }
  }

  private static void removeGeneratedLogs(Path directory, String service) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.startsWith(service + "-") && GENERATED_LOG.matcher(name).matches()) {
          Files.delete(file);
        }
      }
    }
  }
}
