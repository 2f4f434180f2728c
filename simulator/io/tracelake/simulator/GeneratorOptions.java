package io.tracelake.simulator;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

/**
 * What {@link LogSimulator} generates: where, for which UTC day, how many requests, from which seed,
 * how the log files are compressed, and which services write which log formats (a service not in
 * {@code formats} writes {@link ServiceFormat#DEFAULT}). The same options always give byte-identical files.
 *
 * <p>With no formats at all the logs are exactly those of the generator before formats existed. Once
 * formats are chosen, error lines also carry their exception (a stack trace in each format's way) and
 * now and then a request logs its whole response body, long enough for container runtimes to split.
 *
 * <p>The {@code scenario} makes the day harder to rebuild: fewer ids, silent services, duplicates,
 * worse clocks, traces across midnight, a giant trace, and the habits of real services (no kinds, lines that
 * do not enclose children, work after the response, repeated lines); {@link Scenario#DEFAULT} changes nothing.
 */
public record GeneratorOptions(Path outDir, LocalDate date, int requests, long seed, Compression compression,
    Map<String, ServiceFormat> formats, Scenario scenario) {

  static final int MIN_YEAR = 1970;
  static final int MAX_YEAR = 9998;

  public GeneratorOptions {
    if (outDir == null) {
      throw new IllegalArgumentException("Invalid output directory: null; give the directory to write into");
    }
    if (date == null) {
      throw new IllegalArgumentException("Invalid date: null; give the UTC day to simulate, e.g. 2026-11-20");
    }
    // log timestamps are rendered with a four-digit year, also at hosts whose offset moves them a day
    if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
      throw new IllegalArgumentException(
          "Invalid date: " + date + "; the year must be between " + MIN_YEAR + " and " + MAX_YEAR);
    }
    if (requests < 1) {
      throw new IllegalArgumentException("Invalid number of requests: " + requests + "; it must be at least 1");
    }
    if (compression == null) {
      throw new IllegalArgumentException(
          "Invalid compression: null; use one of NONE, GZIP, BZIP2, ZSTD");
    }
    if (formats == null) {
      throw new IllegalArgumentException("Invalid formats: null; give an empty map for the default format");
    }
    for (Map.Entry<String, ServiceFormat> entry : formats.entrySet()) {
      if (entry.getKey() == null || !ShopTopology.SERVICES.contains(entry.getKey())) {
        throw new IllegalArgumentException("Invalid format for service '" + entry.getKey() + "': "
            + ServiceFormat.unknownService(entry.getKey()).getMessage());
      }
      if (entry.getValue() == null) {
        throw new IllegalArgumentException("Invalid format for service '" + entry.getKey() + "': null");
      }
    }
    formats = Map.copyOf(formats);
    if (scenario == null) {
      throw new IllegalArgumentException("Invalid scenario: null; give Scenario.DEFAULT for none");
    }
  }

  /** Every service writes the format given, or logstash JSON lines, with all ids and markers. */
  public GeneratorOptions(Path outDir, LocalDate date, int requests, long seed, Compression compression,
      Map<String, ServiceFormat> formats) {
    this(outDir, date, requests, seed, compression, formats, Scenario.DEFAULT);
  }

  /** Every service writes logstash JSON lines, as before formats existed. */
  public GeneratorOptions(Path outDir, LocalDate date, int requests, long seed, Compression compression) {
    this(outDir, date, requests, seed, compression, Map.of(), Scenario.DEFAULT);
  }

  /** What {@code service} writes. */
  public ServiceFormat formatOf(String service) {
    return formats.getOrDefault(service, ServiceFormat.DEFAULT);
  }

  /** True when formats were chosen: lines then carry exceptions and the odd long response body. */
  boolean detailed() {
    return !formats.isEmpty();
  }
}
