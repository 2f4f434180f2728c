package io.tracelake.jobs.generate;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Simulates one day of a microservice shop and writes what its services would have logged, with the
 * spans that really happened as ground truth.
 *
 * <p>Writes, under the output directory: {@code logs/<date>/<service>/<instance>.log[.gz|.bz2|.zst]}
 * (in the service's format, logstash JSON lines by default, each file sorted by its host's clock),
 * {@code logs/<date>/<service>/access/<instance>.log[...]} for services with an access log,
 * {@code truth/spans.jsonl} and {@code tracelake.yaml}. The same options give byte-identical files. Requests are simulated one at a
 * time in arrival order, so memory does not grow with the number of requests.
 */
public final class LogSimulator {
  private static final Pattern GENERATED_LOG = Pattern.compile("[a-z]+-[0-9]+\\.log(\\.gz|\\.bz2|\\.zst)?");

  private final GeneratorOptions options;

  public LogSimulator(GeneratorOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("Invalid generator options: null");
    }
    this.options = options;
  }

  public GenerationSummary run() throws IOException {
    Path outDir = options.outDir();
    Path dayDirectory = outDir.resolve("logs").resolve(options.date().toString());
    Path truthFile = outDir.resolve("truth").resolve("spans.jsonl");
    Files.createDirectories(dayDirectory);
    Files.createDirectories(truthFile.getParent());
    removeEarlierRun(dayDirectory);

    Fleet fleet = Fleet.create(ShopTopology.SERVICES, ShopTopology.GATEWAY, RandomStreams.forFleet(options.seed()));
    RequestSimulator simulator = new RequestSimulator(new ShopTopology(), fleet, options.seed(), options.date());
    ArrivalSchedule arrivals = new ArrivalSchedule(options.date(), options.requests(),
        RandomStreams.forArrivals(options.seed(), options.date()));
    long midnightUs = options.date().plusDays(1).toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC) * 1_000_000L;

    Map<String, ZoneOffset> zones = serviceZones(fleet);
    long spans = 0;
    long entries = 0;
    int files;
    InstanceLogs logs = InstanceLogs.create(dayDirectory, fleet, options, zones);
    try (logs; TruthWriter truth = new TruthWriter(truthFile)) {
      long arrival = arrivals.next();
      for (int request = 0; request < options.requests(); request++) {
        SimulatedTrace trace = simulator.simulate(request, arrival);
        if (trace.endUs() + Fleet.MAX_CLOCK_SKEW_US >= midnightUs) {
          // latencies are capped so that this cannot happen; a day's logs must not spill into the next
          throw new IllegalStateException("trace " + trace.traceId() + " runs past midnight");
        }
        truth.write(trace);
        entries += logs.add(trace);
        spans += trace.spans().size();
        if (request + 1 < options.requests()) {
          arrival = arrivals.next();
          logs.writeBefore(arrival);
        }
      }
      files = logs.fileCount();
    }
    Path configFile = ConfigFile.write(outDir, options, zones);
    return new GenerationSummary(options.requests(), options.requests(), spans, logs.lines(), entries, files,
        truthFile, configFile);
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
    for (String service : ShopTopology.SERVICES) {
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
