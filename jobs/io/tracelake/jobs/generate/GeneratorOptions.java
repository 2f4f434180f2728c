package io.tracelake.jobs.generate;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What {@link LogSimulator} generates: where, for which UTC day, how many requests, from which seed,
 * and how the log files are compressed. The same options always give byte-identical files.
 */
public record GeneratorOptions(Path outDir, LocalDate date, int requests, long seed, Compression compression) {

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
  }
}
