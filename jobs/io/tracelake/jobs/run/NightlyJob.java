package io.tracelake.jobs.run;

import io.tracelake.jobs.warehouse.DayLock;
import io.tracelake.jobs.warehouse.FaultInjection;
import io.tracelake.jobs.warehouse.WarehouseSettings;
import io.tracelake.jobs.warehouse.WarehouseWriter;
import io.tracelake.jobs.warehouse.TableLayout;
import io.tracelake.jobs.warehouse.TaskConfiguration;
import io.tracelake.jobs.aggregate.AggregateTables;
import io.tracelake.jobs.config.ConfigException;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.model.aggregate.OperationNormalizer;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import io.tracelake.model.trace.ServiceCalls;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly run for one day, in one pass over the sorted day: each line parsed once, the correlated events
 * shuffled by trace, and each sorted partition written and rebuilt in one go; the aggregates merged on the driver.
 *
 * <pre>
 * list_inputs ─▶ parse (ParseSplit per split) ─┬─▶ rejects, events without trace id (files of the parse tasks)
 *                                              └─▶ correlated events ─shuffle by trace, sort─▶ write_and_rebuild:
 *                        events, spans, traces (files per partition) + partial aggregates ─▶ aggregate ─▶ commit
 * </pre>
 *
 * <p>Every table's day is written under the run's own directory; the commit switches the day's pointer to them
 * all at once, then writes the report and the completion marker (model/SCHEMA.md, "Commit"). The day is locked
 * for the run ({@link DayLock}): a second run of it is refused, runs of other days go on.
 */
public final class NightlyJob {

  private static final Logger LOG = LoggerFactory.getLogger(NightlyJob.class);
  /** Spark SQL's time zone for reading and showing timestamps, and the one the tables' timestamps are in. */
  public static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";
  public static final String UTC = "UTC";
  /** Raw log bytes per events file; JSON logs shrink twenty- to thirtyfold in zstd Parquet. */
  private static final long INPUT_BYTES_PER_EVENT_FILE = 256L << 20;
  /** How much smaller an events file is than the raw logs it holds, about (zstd Parquet, JSON logs). */
  private static final long RAW_BYTES_PER_EVENTS_BYTE = 20;
  /**
   * Lines per partition at most, about what 256 MB of JSON logs hold: the write-and-rebuild sorts a partition's
   * records in memory, and a format of short lines must not put twice as many into each.
   */
  private static final long LINES_PER_PARTITION = 600_000;
  /**
   * Below this much input per core the day is not cut into one events file per core; set
   * {@code spark.hadoop.tracelake.events.parallel.file.input.bytes}.
   */
  static final String PARALLEL_FILE_INPUT_BYTES_KEY = "tracelake.events.parallel.file.input.bytes";
  private static final long DEFAULT_PARALLEL_FILE_INPUT_BYTES = 32L << 20;
  private static final long DAY_US = 86_400_000_000L;

  private final SparkSession spark;
  private final TracelakeConfig config;
  private final boolean forceUnlock;

  public NightlyJob(SparkSession spark, TracelakeConfig config) {
    this(spark, config, false);
  }

  /** @param forceUnlock take the day's lock even from a run that may still be going (the operator knows it is not) */
  public NightlyJob(SparkSession spark, TracelakeConfig config, boolean forceUnlock) {
    this.spark = spark;
    this.config = config;
    this.forceUnlock = forceUnlock;
  }

  /**
   * Runs the day and returns its report (also written under the warehouse's {@code _runs/}), with the aggregates
   * written.
   *
   * @throws InputException when a source has no file for the day
   * @throws DayLock.LockedException when another run of the day holds its lock (nothing done, no report)
   */
  public RunReport run(LocalDate date) throws IOException {
    FaultInjection.awaitStartGate(spark.sparkContext().hadoopConfiguration());
    Instant started = Instant.now();
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started)
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    // readers of the tables in this session see their timestamps in UTC, as the tables define them; a session
    // started in UTC (SparkSessions') is left alone, as asking for its SQL conf builds Spark SQL's session state,
    // which the run itself never uses (0.1 CPU-s and its classes' compilation)
    if (!UTC.equals(spark.sparkContext().getConf().get(SESSION_TIME_ZONE, null))) {
      spark.conf().set(SESSION_TIME_ZONE, UTC);
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    // the output mode and the encryption, for this run's writers and for its tasks (which get a copy of the conf)
    WarehouseSettings.apply(config.hadoopSettings(), config.warehouse(), hadoop);
    Stages stages = new Stages(date.toString());
    List<String> warnings = new ArrayList<>();

    checkWarehouseWritable(hadoop, runId);
    // the day stays as its last run left it (and complete, if it was) until this run's commit switches it
    try (DayLock lock = DayLock.acquire(config.warehouse(), date, runId, forceUnlock, hadoop)) {
      return runLocked(date, runId, started, stages, warnings, hadoop);
    }
  }

  private RunReport runLocked(LocalDate date, String runId, Instant started, Stages stages, List<String> warnings,
      Configuration hadoop) throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try (LiveProgress progress = LiveProgress.startIfTerminal(stages, spark.sparkContext().statusTracker());
        TaskConfiguration hadoopConf = TaskConfiguration.of(jsc, hadoop)) {
      return write(date, runId, started, stages, warnings, hadoop, jsc, hadoopConf);
    } catch (Exception thrown) {
      // a failed Spark job throws SparkException, a checked exception Java's signatures do not show
      IOException e = thrown instanceof IOException io ? io : new IOException(thrown.getMessage(), thrown);
      RunReport.Outcome outcome = thrown instanceof InputException ? RunReport.Outcome.MISSING_INPUT
          : RunReport.Outcome.FAILED;
      RunReport failed = RunReport.failed(runId, date.toString(), started.toString(), Instant.now().toString(),
          config.file(), config.warehouse(), outcome, thrown.getMessage() == null ? thrown.toString()
              : thrown.getMessage().lines().findFirst().orElse(""),
          stages.times(), warnings);
      try {
        failed.writeTo(failed.path(), hadoop);
      } catch (IOException | RuntimeException reportFailure) {
        thrown.addSuppressed(reportFailure);
        LOG.warn("{}: cannot write the report of the failed run to {}: {}", date, failed.path(),
            reportFailure.toString());
      }
      if (thrown instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      throw e;
    }
  }

  private RunReport write(LocalDate date, String runId, Instant started, Stages stages, List<String> warnings,
      Configuration hadoop, JavaSparkContext jsc, TaskConfiguration hadoopConf) throws IOException {
    ListInputs inputs = ListInputs.run(config, date, hadoop, hadoopConf, jsc, stages, warnings);
    FaultInjection.pause(hadoop, "list_inputs");
    warnings.forEach(warning -> LOG.warn("{}: {}", date, warning));
    LOG.info("{}: {} input files, {} bytes, {} read tasks", date, inputs.files().size(), inputs.inputBytes(),
        inputs.splits().size());
    WarehouseWriter writer = new WarehouseWriter(config.warehouse(), runId, date, hadoop);
    try {
      CollectionAccumulator<FileStats> fileStats = spark.sparkContext().collectionAccumulator("tracelake.files");
      int partitions = partitions(inputs.rawBytes(), inputs.estimatedLines(), hadoop);
      Parse.Records parsed = Parse.records(config, date, inputs.splits(), jsc, hadoop, hadoopConf, writer,
          fileStats);
      JavaPairRDD<byte[], byte[]> shuffled = Shuffle.byTrace(parsed.records(), partitions);
      stages.run("parse", () -> {
        List<FileStats> done = fileStats.value();
        return done.size() + "/" + inputs.splits().size() + " input splits, "
            + stages.rate(done.stream().mapToLong(f -> f.lines).sum(), "lines");
      }, () -> Shuffle.runMapSide(spark.sparkContext(), shuffled));
      ParseTotals totals = ParseTotals.of(fileStats.value(), inputs.files(), inputs.splitFileLines());
      FaultInjection.pause(hadoop, "parse");

      // each task's partial aggregates are merged as the task ends (reduce), not all held until the last one
      // has ended (collect): a day of many partitions would hold as many copies of the day's latency sketches
      Broadcast<SourceFiles> files = jsc.broadcast(parsed.files());
      RebuildResult rebuilt;
      try {
        rebuilt = stages.time("write_and_rebuild", null, () ->
            shuffled.mapPartitionsWithIndex(writeAndRebuild(date, writer, hadoop, hadoopConf, inputs.rawBytes(),
                partitions, totals.serviceCalls(), files), false)
                .reduce(RebuildResult::add));
      } finally {
        // also when the stage fails: a session that runs on (tests, a backfill of many days) keeps no day's list
        files.destroy();
      }
      LOG.info("{}: {} traces, {} spans rebuilt", date, rebuilt.traces, rebuilt.spans);
      FaultInjection.pause(hadoop, "write_and_rebuild");

      Map<String, Long> aggregates = stages.time("aggregate", null,
          () -> AggregateTables.stage(rebuilt.aggregates, writer, hadoop));
      FaultInjection.pause(hadoop, "aggregate");

      Commit.WrittenLines written = stages.time("commit", () -> Commit.keepAndCount(writer, totals, rebuilt, hadoop));
      RunReport report = Report.of(config, date, runId, started, inputs, totals, rebuilt, aggregates, written,
          stages, warnings);
      if (!report.reconciled()) {
        // a day whose tables lost lines must not replace one that did not: this run's tables go, the day stays
        LOG.error("{}: {}", date, report.error());
        writer.abort();
        report.writeTo(report.path(), hadoop);
        return report;
      }
      return Commit.switchDay(writer, report, hadoop);
    } catch (Exception e) {
      // a failed job's other tasks may still be writing into the run's directories: stop them first
      stopTasks();
      try {
        writer.abort();
      } catch (IOException | RuntimeException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      throw e;
    }
  }

  /**
   * Cancels the run's Spark jobs and waits (a bounded while) until no task is running: a cancelled task is not
   * interrupted, it runs on to its end, writing its files.
   */
  private void stopTasks() {
    spark.sparkContext().cancelAllJobs();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline && (spark.sparkContext().statusTracker().getActiveStageIds().length > 0
        || java.util.Arrays.stream(spark.sparkContext().statusTracker().getExecutorInfos())
            .anyMatch(executor -> executor.numRunningTasks() > 0))) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private WriteAndRebuild writeAndRebuild(LocalDate date, WarehouseWriter writer, Configuration hadoop,
      TaskConfiguration hadoopConf, long inputBytes, int partitions, ServiceCalls serviceCalls,
      Broadcast<SourceFiles> files) {
    long eventsBytesPerFile = inputBytes / partitions / RAW_BYTES_PER_EVENTS_BYTE;
    long[] tracesPerRowGroup = {
        TableLayout.of(Tables.EVENTS).tracesPerRowGroup(hadoop, eventsBytesPerFile),
        TableLayout.of(Tables.SPANS).tracesPerRowGroup(hadoop, eventsBytesPerFile),
        TableLayout.of(Tables.TRACES).tracesPerRowGroup(hadoop, eventsBytesPerFile)};
    OperationNormalizer operations = new OperationNormalizer(config.operationRules().stream()
        .map(rule -> new OperationNormalizer.Rule(rule.pattern(), rule.replacement())).toList());
    return new WriteAndRebuild(hadoopConf, config.rebuild(), operations, date.toEpochDay() * DAY_US,
        writer.stagingDir(Tables.EVENTS).toString(), writer.stagingDir(Tables.SPANS).toString(),
        writer.stagingDir(Tables.TRACES).toString(), tracesPerRowGroup, serviceCalls, files);
  }

  /**
   * Shuffle partitions, one events, spans and traces file each: one per 256 MB of raw input (or per target file
   * size, {@link TableLayout#FILE_BYTES_KEY}, of events) and at least one per {@link #LINES_PER_PARTITION} lines,
   * and, once the day is big enough, at least one per core, so that the write-and-rebuild keeps every core busy.
   */
  private int partitions(long rawBytes, long lines, Configuration hadoop) {
    int parallelism = spark.sparkContext().defaultParallelism();
    long bytesPerCore = hadoop.getLong(PARALLEL_FILE_INPUT_BYTES_KEY, DEFAULT_PARALLEL_FILE_INPUT_BYTES);
    return partitions(rawBytes, lines, TableLayout.files(rawBytes / RAW_BYTES_PER_EVENTS_BYTE, hadoop),
        Math.min(parallelism, rawBytes / bytesPerCore), parallelism);
  }

  /**
   * As many partitions as the day's bytes, lines and file size each ask for, at least {@code perCore}; more than
   * {@code slots} (the cores that run tasks at once) are rounded up to a whole number of rounds of {@code slots}:
   * the partitions are of about equal size, so 3 on 2 cores run as two at once and then one alone, the other core
   * idle for a third of the stage, where 4 finish in the same two rounds, each a quarter of the work.
   */
  static int partitions(long rawBytes, long lines, long byFileSize, long perCore, int slots) {
    long byInput = (long) Math.ceil((double) rawBytes / INPUT_BYTES_PER_EVENT_FILE);
    long byLines = (long) Math.ceil((double) lines / LINES_PER_PARTITION);
    long partitions = Math.max(1, Math.max(Math.max(byInput, byLines), Math.max(byFileSize, perCore)));
    if (slots > 1 && partitions > slots) {
      partitions = (partitions + slots - 1) / slots * slots;
    }
    return Math.toIntExact(partitions);
  }

  /**
   * Fails before any Spark work when the tables could not be written anyway, naming the directory or file that
   * could not be made. The probe is a file of this run's own name, and it is the only thing deleted.
   */
  private void checkWarehouseWritable(Configuration hadoop, String runId) {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(config.warehouse());
    org.apache.hadoop.fs.Path runs = new org.apache.hadoop.fs.Path(root, "_runs");
    org.apache.hadoop.fs.Path probe = new org.apache.hadoop.fs.Path(runs, ".write-check-" + runId);
    org.apache.hadoop.fs.Path step = runs;
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!io.tracelake.jobs.warehouse.OutputMode.mkdirs(fs, runs, hadoop)) {
        throw new IOException("mkdirs returned false");
      }
      step = probe;
      fs.create(probe, false).close();
      fs.delete(probe, false);
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getClass().getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse("");
      throw new ConfigException(config.file() + ": warehouse " + config.warehouse() + " is not writable: cannot "
          + (step == runs ? "create directory " : "create file ") + step + " (" + why + "); check 'warehouse' "
          + "and the permissions of that directory and its parents");
    }
  }
}
