package io.tracelake.jobs.run;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.when;

import io.tracelake.jobs.config.ConfigException;
import io.tracelake.jobs.config.ReconstructionConfig;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly run as it was before the one pass ({@link NightlyJob}), kept only to prove both write the same
 * rows; to be removed. The nightly run for one day: read the day's log files, parse every line into an event or a reject,
 * rebuild spans and traces, and replace that day's partition of each table.
 *
 * <pre>
 * files ─ParseLogFile─▶ parsed rows ─┬─▶ events (shuffled by trace_id, sorted) ─▶ staged events files
 *                                    └─▶ rejects
 * staged events, one file per task ─AssembleTrace─▶ traces + spans (merged into files, not shuffled)
 * </pre>
 */
final class TwoPassNightlyJob {

  private static final Logger LOG = LoggerFactory.getLogger(TwoPassNightlyJob.class);
  /** Raw log bytes per events file; JSON logs shrink twenty- to thirtyfold in zstd Parquet. */
  private static final long INPUT_BYTES_PER_EVENT_FILE = 256L << 20;
  /**
   * Below this much input per core the day is not cut into one events file per core; set
   * {@code spark.hadoop.tracelake.events.parallel.file.input.bytes}.
   */
  static final String PARALLEL_FILE_INPUT_BYTES_KEY = "tracelake.events.parallel.file.input.bytes";
  private static final long DEFAULT_PARALLEL_FILE_INPUT_BYTES = 32L << 20;
  private static final long REJECTS_PER_FILE = 2_000_000L;
  private static final long DAY_US = 86_400_000_000L;

  private final SparkSession spark;
  private final TracelakeConfig config;

  TwoPassNightlyJob(SparkSession spark, TracelakeConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /**
   * Runs the day and returns its report (also written under the warehouse's {@code _runs/}).
   *
   * @throws InputException when a source has no file for the day
   */
  public RunReport run(LocalDate date) throws IOException {
    Instant started = Instant.now();
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started)
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    // correctness settings, whatever session we were handed
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Stages stages = new Stages(date.toString());
    List<String> warnings = new ArrayList<>();

    checkWarehouseWritable(hadoop);
    // from here on the day is being replaced: a sensor must not take it for complete until the run says so
    CompletionMarker.clear(config.warehouse(), date, hadoop);
    try (LiveProgress progress = LiveProgress.startIfTerminal(stages, spark.sparkContext().statusTracker())) {
      return write(date, runId, started, stages, warnings, hadoop);
    } catch (IOException | RuntimeException e) {
      RunReport.Outcome outcome = e instanceof InputException ? RunReport.Outcome.MISSING_INPUT
          : RunReport.Outcome.FAILED;
      RunReport failed = RunReport.failed(runId, date.toString(), started.toString(), Instant.now().toString(),
          config.file(), config.warehouse(), outcome, e.getMessage() == null ? e.toString() : e.getMessage(),
          stages.times(), warnings);
      try {
        failed.writeTo(failed.path(), hadoop);
      } catch (IOException | RuntimeException reportFailure) {
        e.addSuppressed(reportFailure);
        LOG.warn("{}: cannot write the report of the failed run to {}: {}", date, failed.path(),
            reportFailure.toString());
      }
      throw e;
    }
  }

  private RunReport write(LocalDate date, String runId, Instant started, Stages stages, List<String> warnings,
      Configuration hadoop) throws IOException {
    List<InputFile> files = stages.time("list_inputs", () -> InputFiles.resolve(config, date, hadoop, warnings));
    warnings.forEach(warning -> LOG.warn("{}: {}", date, warning));
    long inputBytes = files.stream().mapToLong(InputFile::bytes).sum();
    LOG.info("{}: {} input files, {} bytes", date, files.size(), inputBytes);

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SerializableConfiguration hadoopConf = new SerializableConfiguration(hadoop);
    Map<String, Long> splitFileLines = new HashMap<>();
    List<InputFile> tasks = stages.time("split_inputs", () -> numberSplits(
        InputFiles.split(files, config.splitBytes()), jsc, hadoopConf, splitFileLines));
    LOG.info("{}: {} read tasks", date, tasks.size());
    WarehouseWriter writer = new WarehouseWriter(config.warehouse(), runId, date, hadoop);
    try {
      // One pass parses every file and writes the events; each file's counts come back in an accumulator.
      // Caching the parsed rows for the rejects instead costs more than parsing the few files with rejects again.
      CollectionAccumulator<FileStats> fileStats = spark.sparkContext().collectionAccumulator("tracelake.files");
      JavaRDD<InternalRow> eventRows = jsc.parallelize(tasks, tasks.size())
          .flatMap(new ParseLogFile(hadoopConf, date, ParseLogFile.Keep.EVENTS, fileStats));
      // a fleet of small files makes a few big ones: the layout's shuffle by trace id cuts the files, so the
      // parse itself runs one task per read split on every core. The traces are rebuilt one events file per
      // task, so a day big enough is cut into at least one file per core.
      int eventFiles = (int) Math.max(1, Math.max(Math.ceil((double) inputBytes / INPUT_BYTES_PER_EVENT_FILE),
          Math.min(spark.sparkContext().defaultParallelism(),
              inputBytes / hadoop.getLong(PARALLEL_FILE_INPUT_BYTES_KEY, DEFAULT_PARALLEL_FILE_INPUT_BYTES))));
      Supplier<String> parsed = () -> {
        List<FileStats> done = fileStats.value();
        return done.size() + "/" + tasks.size() + " input splits, "
            + stages.rate(done.stream().mapToLong(f -> f.lines).sum(), "lines");
      };
      stages.run("parse_and_write_events", parsed, () -> writer.stage(Tables.EVENTS,
          rows(eventRows, ParsedRows.EVENTS).select(ParsedRows.EVENTS_TO_TABLE), eventFiles));
      ParseTotals totals = ParseTotals.of(fileStats.value(), files, splitFileLines);
      Dataset<Row> events = spark.read().schema(io.tracelake.jobs.warehouse.TableSchemas.spark(Tables.EVENTS)).parquet(writer.stagedPath(Tables.EVENTS));

      List<InputFile> withRejects = tasks.stream().filter(t -> totals.rejectsIn(t.uri()) > 0).toList();
      stages.run("write_rejects", () -> totals.rejects() + " rejects", () -> {
        JavaRDD<InternalRow> rejectRows = withRejects.isEmpty() ? jsc.emptyRDD()
            : jsc.parallelize(withRejects, withRejects.size())
                .flatMap(new ParseLogFile(hadoopConf, date, ParseLogFile.Keep.REJECTS, null));
        int rejectFiles = (int) Math.max(1, Math.ceil((double) totals.rejects() / REJECTS_PER_FILE));
        writer.stage(Tables.REJECTS, rows(rejectRows, ParsedRows.REJECTS).coalesce(rejectFiles));
      });

      ReconstructionConfig reconstruction = config.reconstruction();
      long dayStartUs = date.toEpochDay() * DAY_US;
      Dataset<Row> margins = stages.time("read_margins", () -> marginEvents(date, jsc, hadoopConf, hadoop));
      long marginEventCount = margins == null ? 0 : margins.count();
      Dataset<Row> assembled = assemble(events, margins, reconstruction, jsc).persist();
      try {
        // a trace belongs to the day its root starts in; one whose root starts in a margin is the neighbour's
        Column owned = col("root_start_us").geq(dayStartUs).and(col("root_start_us").lt(dayStartUs + DAY_US));
        Row totals2 = stages.time("assemble", null, () -> assembled.agg(
            count(lit(1)),
            sum(when(owned, 1).otherwise(0)),
            sum(when(owned, size(col("spans"))).otherwise(0)),
            sum(when(owned, col("duplicate_events")).otherwise(0)),
            sum(when(owned.and(col("truncated")), 1).otherwise(0)),
            sum(when(owned.and(col("skew_adjusted")), 1).otherwise(0)),
            sum(when(owned.and(col("root_source").equalTo("synthetic")), 1).otherwise(0)),
            sum(when(owned, col("orphan_spans")).otherwise(0)),
            sum(when(owned, expr("size(filter(spans, s -> s.inferred))")).otherwise(0))).first());
        long traceCount = totals2.getLong(1);
        long spanCount = totals2.getLong(2);
        RunReport.Reconstruction rebuilt = new RunReport.Reconstruction(marginEventCount,
            totals2.getLong(0) - traceCount, totals2.getLong(3), totals2.getLong(4), totals2.getLong(5),
            totals2.getLong(6), totals2.getLong(7), totals2.getLong(8));
        Dataset<Row> ownedTraces = assembled.filter(owned);

        Dataset<Row> spans = ownedTraces.select(col("trace_id"), explode(col("spans")).as("s"))
            .select(col("trace_id"), col("s.span_id"), col("s.parent_span_id"), col("s.service"),
                col("s.instance"), col("s.name"), col("s.kind"),
                timestamp_micros(col("s.start_us")).as("start_time"),
                timestamp_micros(col("s.end_us")).as("end_time"),
                col("s.end_us").minus(col("s.start_us")).as("duration_us"),
                col("s.status"), col("s.event_count"), col("s.peer_service"), col("s.http_status"),
                col("s.exception_type"), col("s.timing_source"), col("s.parent_source"), col("s.parent_confidence"),
                col("s.clock_skew_us"), col("s.inferred"), col("s.kind_source"));
        LOG.info("{}: {} traces, {} spans rebuilt", date, traceCount, spanCount);
        stages.run("write_spans", () -> stages.rate(spanCount, "spans"),
            () -> writer.stageClustered(Tables.SPANS, spans));

        Dataset<Row> traces = ownedTraces.select(col("trace_id"), col("root_span_id"), col("root_service"),
                col("root_operation"), timestamp_micros(col("start_us")).as("start_time"),
                timestamp_micros(col("end_us")).as("end_time"), col("end_us").minus(col("start_us")).as("duration_us"),
                col("span_count"), col("service_count"), col("error"), col("root_source"), col("root_count"),
                col("orphan_spans"), col("skew_adjusted"), col("duplicate_events"), col("truncated"),
                col("event_count"), col("critical_path"));
        stages.run("write_traces", () -> stages.rate(traceCount, "traces"),
            () -> writer.stageClustered(Tables.TRACES, traces));

        stages.run("commit", () -> writer.commit(Tables.NIGHTLY));
        Instant finished = Instant.now();

        Map<String, String> tables = new LinkedHashMap<>();
        for (Table table : Tables.NIGHTLY) {
          tables.put(table.name(), WarehouseWriter.partitionPath(config.warehouse(), table, date).toString());
        }
        RunReport report = new RunReport(Version.current(), Tables.SCHEMA_VERSION, runId, date.toString(),
            started.toString(), finished.toString(), config.file(), config.warehouse(),
            new RunReport.Counts(files.size(), tasks.size(), inputBytes, totals.filesWithErrors(), totals.linesRead(),
                totals.events(), totals.eventLines(), totals.eventsWithTraceId(), totals.rejects(),
                totals.rejectLines(), totals.rejectsByReason(), spanCount, traceCount), rebuilt,
            totals.linesRead() == totals.eventLines() + totals.rejectLines(),
            totals.files(), stages.times(), tables, RunReport.Outcome.TABLES_WRITTEN.key(), null,
            List.copyOf(warnings), Map.of());
        report.writeTo(report.path(), hadoop);
        return report;
      } finally {
        assembled.unpersist();
        if (margins != null) {
          margins.unpersist();
        }
      }
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  /**
   * Rebuilds the traces of the staged events (and of the margin events, when there are any).
   *
   * <p>The events were written clustered by trace and sorted by trace, time, file and line: read one file
   * per partition, every trace is already a run of rows in the order the reconstruction wants, so the
   * traces are rebuilt without shuffling the events a second time. Only the traces that also have events
   * in a neighbour day's margin (those crossing midnight, a small share) are shuffled and sorted together
   * with those margin events; the file-ordered pass passes over them.
   */
  private Dataset<Row> assemble(Dataset<Row> events, Dataset<Row> margins, ReconstructionConfig reconstruction,
      JavaSparkContext jsc) {
    Dataset<Row> correlated = events.filter(col("trace_id").isNotNull()).select(AssembleTrace.INPUT_COLUMNS);
    Set<String> crossing = margins == null ? Set.of()
        : new HashSet<>(margins.select("trace_id").distinct().as(Encoders.STRING()).collectAsList());
    Broadcast<Set<String>> crossingIds = jsc.broadcast(crossing);
    JavaRDD<InternalRow> assembled = FileOrderedRead.internalByFile(spark, correlated)
        .mapPartitions(new AssembleTrace(reconstruction, crossingIds));
    if (crossing.isEmpty()) {
      return rows(assembled, AssembleTrace.OUTPUT);
    }
    Dataset<Row> ids = spark.createDataset(new ArrayList<>(crossing), Encoders.STRING()).toDF("trace_id");
    // sorted runs per trace rather than groupByKey: a trace streams through in time order, so the cap on a
    // giant trace keeps its first events and Spark's sort spills instead of one task holding it all
    Dataset<Row> acrossMidnight = correlated.join(broadcast(ids), "trace_id", "left_semi")
        .unionByName(margins.select(AssembleTrace.INPUT_COLUMNS))
        .repartition(Math.max(1, spark.sparkContext().defaultParallelism()), col("trace_id"))
        .sortWithinPartitions(AssembleTrace.SORT[0], java.util.Arrays.copyOfRange(AssembleTrace.SORT, 1, 4));
    return rows(assembled.union(acrossMidnight.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(new AssembleTrace(reconstruction))), AssembleTrace.OUTPUT);
  }

  /** A DataFrame over rows our functions made in Spark's internal form, with no conversion per value. */
  private Dataset<Row> rows(JavaRDD<InternalRow> rows, org.apache.spark.sql.types.StructType schema) {
    return spark.internalCreateDataFrame(rows.rdd(), schema, false);
  }

  /**
   * Counts the line feeds of every split so each knows the number of its first line; files that are
   * not split pass through. Fills {@code fileLines} with the line count of each split file.
   */
  private static List<InputFile> numberSplits(List<InputFile> tasks, JavaSparkContext jsc,
      SerializableConfiguration hadoop, Map<String, Long> fileLines) {
    List<InputFile> splits = tasks.stream().filter(InputFile::isSplit).toList();
    if (splits.isEmpty()) {
      return tasks;
    }
    List<CountLineFeeds.Counted> counted = new ArrayList<>(
        jsc.parallelize(splits, splits.size()).map(new CountLineFeeds(hadoop)).collect());
    counted.sort(java.util.Comparator.comparing(CountLineFeeds.Counted::uri)
        .thenComparingLong(CountLineFeeds.Counted::start));
    Map<String, Long> before = new HashMap<>();
    Map<String, Long> running = new HashMap<>();
    for (CountLineFeeds.Counted split : counted) {
      long sum = running.getOrDefault(split.uri(), 0L);
      before.put(split.uri() + "@" + split.start(), sum);
      running.put(split.uri(), sum + split.lineFeeds());
    }
    for (CountLineFeeds.Counted split : counted) {
      InputFile file = splits.stream().filter(s -> s.uri().equals(split.uri())).findFirst().orElseThrow();
      if (split.end() == file.bytes()) {
        // a last line without a line feed is a line too
        fileLines.put(split.uri(), running.get(split.uri()) + (split.endsWithLineFeed() ? 0 : 1));
      }
    }
    return tasks.stream().map(t -> t.isSplit() ? t.withNewlinesBefore(before.get(t.uri() + "@" + t.start())) : t)
        .toList();
  }

  /**
   * The correlated events of the previous and the next day within the margin, so that traces crossing
   * midnight are whole: from a neighbour's committed events when it has run, else parsed from its files
   * (when the source paths are dated). They only feed the reconstruction; they are not this day's events.
   * Null when the margin is 0 or nothing is there.
   */
  private Dataset<Row> marginEvents(LocalDate date, JavaSparkContext jsc, SerializableConfiguration hadoopConf,
      Configuration hadoop) throws IOException {
    long margin = config.reconstruction().dayMarginUs();
    if (margin == 0) {
      return null;
    }
    long dayStart = date.toEpochDay() * DAY_US;
    Dataset<Row> all = null;
    for (LocalDate neighbour : List.of(date.minusDays(1), date.plusDays(1))) {
      long from = neighbour.isBefore(date) ? dayStart - margin : dayStart + DAY_US;
      long to = neighbour.isBefore(date) ? dayStart : dayStart + DAY_US + margin;
      org.apache.hadoop.fs.Path committed = WarehouseWriter.partitionPath(config.warehouse(), Tables.EVENTS, neighbour);
      Dataset<Row> events;
      if (committed.getFileSystem(hadoop).exists(committed)) {
        events = spark.read().schema(io.tracelake.jobs.warehouse.TableSchemas.spark(Tables.EVENTS)).parquet(committed.toString());
      } else {
        List<InputFile> files = InputFiles.resolveNeighbour(config, neighbour, date, hadoop);
        if (files.isEmpty()) {
          continue;
        }
        JavaRDD<InternalRow> parsed = jsc.parallelize(files, files.size())
            .flatMap(new ParseLogFile(hadoopConf, neighbour, ParseLogFile.Keep.EVENTS, null));
        events = rows(parsed, ParsedRows.EVENTS).select(ParsedRows.EVENTS_TO_TABLE);
      }
      Dataset<Row> window = events.filter(col("trace_id").isNotNull()
          .and(col("ts").geq(timestamp_micros(lit(from)))).and(col("ts").lt(timestamp_micros(lit(to)))));
      all = all == null ? window : all.unionByName(window);
    }
    return all == null ? null : all.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
  }

  /** Fails before any Spark work when the tables could not be written anyway. */
  private void checkWarehouseWritable(Configuration hadoop) {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(config.warehouse());
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.mkdirs(root)) {
        throw new IOException("mkdirs returned false");
      }
      org.apache.hadoop.fs.Path probe = new org.apache.hadoop.fs.Path(root, "_staging/.write-check");
      fs.create(probe, true).close();
      fs.delete(probe.getParent(), true);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(config.file() + ": warehouse " + config.warehouse() + " is not writable ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check 'warehouse' and its permissions");
    }
  }

  /** Counts of the parse stage, per file and in total, from the files' stats. */
  private record ParseTotals(List<RunReport.FileReport> files, long linesRead, long events, long eventLines,
      long eventsWithTraceId, long rejects, long rejectLines, Map<String, Long> rejectsByReason,
      long filesWithErrors) {

    static ParseTotals of(List<FileStats> collected, List<InputFile> inputs, Map<String, Long> splitFileLines) {
      Map<String, FileStats> bySplit = new HashMap<>();
      for (FileStats stats : collected) {
        bySplit.put(stats.uri + "@" + stats.start, stats); // a retried task reports its split again, the same
      }
      Map<String, FileStats> byFile = new HashMap<>();
      for (FileStats split : bySplit.values()) {
        FileStats file = byFile.computeIfAbsent(split.uri, uri -> new FileStats(uri, 0));
        file.lines += split.lines;
        file.events += split.events;
        file.eventLines += split.eventLines;
        file.eventsWithTraceId += split.eventsWithTraceId;
        file.rejectLines += split.rejectLines;
        split.rejectsByReason.forEach((reason, n) -> file.rejectsByReason.merge(reason, n, Long::sum));
        file.error = file.error != null ? file.error : split.error;
      }
      // a split file's line count is the one its line feeds give, not its entries' sum: the check stays a check
      splitFileLines.forEach((uri, lines) -> {
        FileStats file = byFile.get(uri);
        if (file != null && file.error == null) {
          file.lines = lines;
        }
      });
      List<RunReport.FileReport> files = new ArrayList<>();
      Map<String, Long> byReason = new TreeMap<>();
      long lines = 0;
      long events = 0;
      long eventLines = 0;
      long withTraceId = 0;
      long rejects = 0;
      long rejectLines = 0;
      long withErrors = 0;
      for (InputFile input : inputs) {
        FileStats stats = byFile.get(input.uri());
        if (stats == null) {
          stats = new FileStats(input.uri(), 0);
          stats.error = "no result for this file";
        }
        files.add(new RunReport.FileReport(input.source().name(), input.uri(), input.bytes(), stats.lines,
            stats.events, stats.eventLines, stats.rejects(), stats.error));
        stats.rejectsByReason.forEach((reason, n) -> byReason.merge(reason, n, Long::sum));
        lines += stats.lines;
        events += stats.events;
        eventLines += stats.eventLines;
        withTraceId += stats.eventsWithTraceId;
        rejects += stats.rejects();
        rejectLines += stats.rejectLines;
        withErrors += stats.error == null ? 0 : 1;
      }
      return new ParseTotals(files, lines, events, eventLines, withTraceId, rejects, rejectLines, byReason,
          withErrors);
    }

    long rejectsIn(String uri) {
      return files.stream().filter(f -> f.file().equals(uri)).mapToLong(RunReport.FileReport::rejects).sum();
    }
  }
}
