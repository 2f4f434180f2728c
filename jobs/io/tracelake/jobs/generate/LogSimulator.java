package io.tracelake.jobs.generate;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * Simulates one day of a microservice shop and writes what its services would have logged, with the
 * spans that really happened as ground truth.
 *
 * <p>Writes, under the output directory: {@code logs/<date>/<service>/<instance>.log[.gz|.bz2|.zst]}
 * (logstash JSON lines, each file sorted by its host's clock), {@code truth/spans.jsonl} and
 * {@code tracelake.yaml}. The same options give byte-identical files. Requests are simulated one at a
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

    long spans = 0;
    long lines = 0;
    int files;
    try (InstanceLogs logs = InstanceLogs.create(dayDirectory, fleet, options.compression());
         TruthWriter truth = new TruthWriter(truthFile)) {
      long arrival = arrivals.next();
      for (int request = 0; request < options.requests(); request++) {
        SimulatedTrace trace = simulator.simulate(request, arrival);
        if (trace.endUs() + Fleet.MAX_CLOCK_SKEW_US >= midnightUs) {
          // latencies are capped so that this cannot happen; a day's logs must not spill into the next
          throw new IllegalStateException("trace " + trace.traceId() + " runs past midnight");
        }
        truth.write(trace);
        lines += logs.add(trace);
        spans += trace.spans().size();
        if (request + 1 < options.requests()) {
          arrival = arrivals.next();
          logs.writeBefore(arrival);
        }
      }
      files = logs.fileCount();
    }
    Path configFile = ConfigFile.write(outDir);
    return new GenerationSummary(options.requests(), options.requests(), spans, lines, files, truthFile,
        configFile);
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
      try (DirectoryStream<Path> files = Files.newDirectoryStream(serviceDirectory)) {
        for (Path file : files) {
          String name = file.getFileName().toString();
          if (name.startsWith(service + "-") && GENERATED_LOG.matcher(name).matches()) {
            Files.delete(file);
          }
        }
      }
    }
  }
}
