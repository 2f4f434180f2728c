package io.tracelake.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.simulator.Compression;
import io.tracelake.simulator.GenerationSummary;
import io.tracelake.simulator.GeneratorOptions;
import io.tracelake.simulator.LogSimulator;
import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job on a small generated day, checked against the simulator's ground truth: every
 * simulated span comes back with its exact ids, parent and timings, every trace is there, and every
 * line read is an event or a reject.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NightlyJobTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final List<String> BROKEN_LINES = List.of(
      "{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"message\":\"no trace id here\",\"app_name\":\"legacy\"}",
      "",
      "this is not json",
      "{\"@timestamp\":\"20.11.2026 10:00\",\"message\":\"odd time\"}",
      "{\"message\":\"no time at all\"}",
      "[\"an\",\"array\"]");

  @TempDir
  static Path dir;

  private GenerationSummary generated;
  private TracelakeConfig config;
  private RunReport report;

  @BeforeAll
  void generateAndRunTheDay() throws IOException {
    runBefore();
    generated = new LogSimulator(new GeneratorOptions(dir, DAY, 60, 7, Compression.NONE)).run();
    Path broken = dir.resolve("logs/" + DAY + "/legacy/legacy-1.log");
    Files.createDirectories(broken.getParent());
    Files.write(broken, BROKEN_LINES, StandardCharsets.UTF_8);
    config = ConfigLoader.load(generated.configFile());
    report = new NightlyJob(spark(), config).run(DAY);
  }

  private Dataset<Row> table(Table table) {
    return spark().read().parquet(config.warehouse() + "/" + table.name()).where(col("dt").equalTo(DAY.toString()));
  }

  private Dataset<Row> truth() {
    return spark().read().json(generated.truthFile().toString());
  }

  @Test
  void everySimulatedSpanComesBackWithItsIdsParentAndTimings() {
    Dataset<Row> expected = truth().select(col("trace_id"), col("span_id"), col("parent_span_id"), col("service"),
        col("instance"), col("name"), col("kind"), col("end_us").minus(col("start_us")).as("duration_us"),
        when(col("error"), lit("ERROR")).otherwise(lit("OK")).as("status"), col("peer_service"),
        lit("markers").as("timing_source"),
        when(col("parent_span_id").isNull(), lit("none")).otherwise(lit("explicit")).as("parent_source"),
        lit(false).as("inferred"));
    Dataset<Row> actual = table(Tables.SPANS).select(col("trace_id"), col("span_id"), col("parent_span_id"),
        col("service"), col("instance"), col("name"), col("kind"), col("duration_us"), col("status"),
        col("peer_service"), col("timing_source"), col("parent_source"), col("inferred"));
    assertThat(expected.count()).isEqualTo(generated.spans()).isGreaterThan(500);
    assertDataFrameNoOrderEquals(nullable(expected), nullable(actual));
  }

  @Test
  void spanTimesAreOnTheRootHostsClockWithinTheNetworkHops() {
    // hosts' clocks are up to 25 ms off; the job moves every span onto its trace root's clock, so a span's
    // start must be its true start plus the root host's skew, give or take the hops the correction cannot
    // see. A consumer only knows it started after its message was sent, so a consumer whose clock runs
    // ahead cannot be caught: work downstream of a consumer is held to the skew bound alone.
    Map<String, Row> truth = new java.util.HashMap<>();
    for (Row row : truth().collectAsList()) {
      truth.put(row.getAs("span_id"), row);
    }
    List<Long> syncErrors = new java.util.ArrayList<>();
    long asyncWorst = 0;
    long moved = 0;
    for (Row span : table(Tables.SPANS).select(col("span_id"), org.apache.spark.sql.functions.unix_micros(
        col("start_time")).as("start_us"), col("clock_skew_us"), col("instance")).collectAsList()) {
      Row real = truth.get(span.getString(0));
      Row root = real;
      boolean async = false;
      while (root.getAs("parent_span_id") != null) {
        async |= "CONSUMER".equals(root.getAs("kind"));
        root = truth.get((String) root.getAs("parent_span_id"));
      }
      long error = Math.abs(span.getLong(1) - ((long) real.getAs("start_us") + (long) root.getAs("clock_skew_us")));
      if (async) {
        asyncWorst = Math.max(asyncWorst, error);
      } else {
        syncErrors.add(error);
      }
      moved += span.getLong(2) != 0 ? 1 : 0;
      if (span.getString(3).equals(root.getAs("instance"))) {
        assertThat(span.getLong(2)).as("a span on the root's own host is never moved").isZero();
      }
    }
    java.util.Collections.sort(syncErrors);
    assertThat(syncErrors.size()).isGreaterThan(500);
    assertThat(syncErrors.get(syncErrors.size() - 1)).isLessThanOrEqualTo(3_000L);
    assertThat(syncErrors.get(syncErrors.size() / 2)).isLessThanOrEqualTo(500L);
    assertThat(asyncWorst).isLessThanOrEqualTo(2 * 25_000L + 3_000L);
    assertThat(moved).isPositive(); // skew was there to correct
  }

  @Test
  void everySimulatedTraceIsATraceWithItsRootAndCounts() {
    Dataset<Row> spans = truth();
    Dataset<Row> roots = spans.where(col("parent_span_id").isNull())
        .select(col("trace_id"), col("span_id").as("root_span_id"), col("service").as("root_service"),
            col("name").as("root_operation"));
    Dataset<Row> perTrace = spans.groupBy("trace_id").agg(
        count(lit(1)).cast("int").as("span_count"),
        org.apache.spark.sql.functions.countDistinct("service").cast("int").as("service_count"),
        max(col("error")).as("error"));
    Dataset<Row> expected = roots.join(perTrace, "trace_id")
        .select("trace_id", "root_span_id", "root_service", "root_operation", "span_count", "service_count", "error");
    Dataset<Row> actual = table(Tables.TRACES)
        .select("trace_id", "root_span_id", "root_service", "root_operation", "span_count", "service_count", "error");
    assertThat(actual.count()).isEqualTo(generated.traces());
    assertDataFrameNoOrderEquals(nullable(expected), nullable(actual));
  }

  @Test
  void aTraceSpansFromItsFirstSpanStartToItsLastSpanEnd() {
    Dataset<Row> fromSpans = table(Tables.SPANS).groupBy("trace_id")
        .agg(min("start_time").as("start_time"), max("end_time").as("end_time"));
    Dataset<Row> traces = table(Tables.TRACES).select("trace_id", "start_time", "end_time");
    assertDataFrameNoOrderEquals(nullable(fromSpans), nullable(traces));
    Assertions.assertEquals(0, table(Tables.TRACES)
        .where("duration_us <> unix_micros(end_time) - unix_micros(start_time)").count());
  }

  @Test
  void linesReadEqualEventsPlusRejectsAndEveryBadLineHasItsReason() throws IOException {
    long linesInFiles;
    try (Stream<Path> files = Files.walk(dir.resolve("logs"))) {
      linesInFiles = files.filter(Files::isRegularFile).mapToLong(NightlyJobTest::lineCount).sum();
    }
    long events = table(Tables.EVENTS).count();
    long rejects = table(Tables.REJECTS).count();
    assertThat(report.counts().linesRead()).isEqualTo(linesInFiles).isEqualTo(generated.logLines() + BROKEN_LINES.size());
    assertThat(events + rejects).isEqualTo(linesInFiles);
    assertThat(report.counts().events()).isEqualTo(events);
    assertThat(report.counts().rejects()).isEqualTo(rejects).isEqualTo(5);
    assertThat(report.reconciled()).isTrue();
    assertThat(report.counts().rejectsByReason()).isEqualTo(Map.of("blank_line", 1L, "malformed_json", 1L,
        "bad_timestamp", 1L, "missing_timestamp", 1L, "not_an_object", 1L));
    assertThat(report.counts().eventsWithTraceId()).isEqualTo(events - 1);

    Dataset<Row> expectedRejects = spark().createDataFrame(List.of(
        org.apache.spark.sql.RowFactory.create("blank_line", 2L, ""),
        org.apache.spark.sql.RowFactory.create("malformed_json", 3L, "this is not json"),
        org.apache.spark.sql.RowFactory.create("bad_timestamp", 4L, BROKEN_LINES.get(3)),
        org.apache.spark.sql.RowFactory.create("missing_timestamp", 5L, BROKEN_LINES.get(4)),
        org.apache.spark.sql.RowFactory.create("not_an_object", 6L, BROKEN_LINES.get(5))),
        table(Tables.REJECTS).select("reason", "line_number", "raw").schema());
    assertDataFrameNoOrderEquals(nullable(expectedRejects),
        nullable(table(Tables.REJECTS).select("reason", "line_number", "raw")));

    Row legacy = table(Tables.EVENTS).where(col("service").equalTo("legacy")).first();
    assertThat(legacy.<String>getAs("trace_id")).isNull();
    assertThat(legacy.<Long>getAs("line_number")).isEqualTo(1L);
    assertThat(legacy.<String>getAs("source_file")).endsWith("legacy/legacy-1.log");
  }

  @Test
  void eventsKeepTheirSourceLineAndFields() {
    Row first = table(Tables.EVENTS).where(col("line_number").equalTo(1L)
        .and(col("source_file").contains("/gateway/"))).orderBy("source_file").first();
    assertThat(first.<String>getAs("source")).isEqualTo("shop");
    assertThat(first.<String>getAs("service")).isEqualTo("gateway");
    assertThat(first.<String>getAs("trace_id")).hasSize(32).matches("[0-9a-f]+");
    assertThat(first.<String>getAs("span_id")).hasSize(16).matches("[0-9a-f]+");
    assertThat(first.<scala.collection.Map<String, String>>getAs("attributes").contains("span_event")).isTrue();
  }

  @Test
  void tablesHaveTheDocumentedColumnsInOrder() {
    for (Table table : Tables.NIGHTLY) {
      Dataset<Row> written = spark().read().parquet(DayPointer.partition(config.warehouse(), table, DAY,
          spark().sparkContext().hadoopConfiguration()).toString());
      List<String> columns = Stream.of(written.schema().fields()).map(StructField::name).toList();
      assertThat(columns).as(table.name()).containsExactlyElementsOf(
          table.columns().stream().map(io.tracelake.model.schema.Column::name).toList());
      for (io.tracelake.model.schema.Column column : table.columns()) {
        assertThat(written.schema().apply(column.name()).dataType())
            .as(table.name() + "." + column.name()).isEqualTo(io.tracelake.jobs.warehouse.TableSchemas.sparkField(column).dataType());
      }
    }
  }

  @Test
  void theReportIsWrittenUnderTheWarehouseAndReadsBack() throws IOException {
    Path written = Path.of(config.warehouse(), "_runs", "dt=" + DAY, report.runId() + ".json");
    RunReport read = RunReport.fromJson(Files.readString(written));
    assertThat(read).isEqualTo(report);
    assertThat(read.stages()).extracting(RunReport.StageTime::stage).containsExactly("list_inputs", "split_inputs",
        "parse", "write_and_rebuild", "aggregate", "commit");
    assertThat(read.inputs()).hasSize(generated.logFiles() + 1).allSatisfy(f -> assertThat(f.error()).isNull());
    assertThat(Files.exists(Path.of(config.warehouse(), "_staging"))).isFalse();
    assertThat(DayPointer.read(config.warehouse(), DAY, spark().sparkContext().hadoopConfiguration()).orElseThrow()
        .runs()).as("the day's pointer names the run for every table")
        .hasSize(io.tracelake.model.schema.Tables.NIGHTLY.size() + io.tracelake.model.schema.Tables.AGGREGATES.size())
        .containsValue(report.runId())
        .allSatisfy((table, run) -> assertThat(run).isEqualTo(report.runId()));
    assertThat(Path.of(config.warehouse(), "_runs", "dt=" + DAY, "_LOCK")).as("the lock is released").doesNotExist();
  }

  private static long lineCount(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).size();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
