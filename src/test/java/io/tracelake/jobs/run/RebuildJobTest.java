package io.tracelake.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.simulator.accuracy.AccuracyScorer;
import io.tracelake.simulator.accuracy.TruthFiles;
import io.tracelake.jobs.cli.TracelakeCommand;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job on the generator's hard days: request ids only, span ids without parents, services
 * that log nothing or only an access log, lines shipped twice, traces across midnight, a giant trace.
 */
class RebuildJobTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

  @TempDir
  Path dir;

  private Path generate(String... options) {
    List<String> args = new ArrayList<>(List.of("generate", "--out", dir.toString(), "--date", DAY.toString(),
        "--seed", "11"));
    args.addAll(List.of(options));
    StringWriter err = new StringWriter();
    int exit = TracelakeCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
        args.toArray(String[]::new));
    assertThat(exit).as(err.toString()).isZero();
    return dir.resolve("tracelake.yaml");
  }

  private Dataset<Row> table(TracelakeConfig config, Table table, LocalDate day) {
    return io.tracelake.jobs.warehouse.WarehouseTables.read(spark(), config.warehouse(), table, day);
  }

  private AccuracyScorer.Report score(TracelakeConfig config) throws IOException {
    List<AccuracyScorer.RebuiltSpan> rebuilt = new ArrayList<>();
    for (Row row : table(config, Tables.SPANS, DAY).select(col("trace_id"), col("span_id"), col("parent_span_id"),
        col("service"), col("instance"), functions.unix_micros(col("start_time")),
        functions.unix_micros(col("end_time")), col("clock_skew_us")).collectAsList()) {
      rebuilt.add(new AccuracyScorer.RebuiltSpan(row.getString(0), row.getString(1), row.getString(2),
          row.getString(3), row.getString(4), row.getLong(5), row.getLong(6), row.getLong(7)));
    }
    Path truth = dir.resolve("truth");
    return AccuracyScorer.score(TruthFiles.spans(truth, DAY), rebuilt, TruthFiles.spanIdsLogged(truth));
  }

  @Test
  void requestIdOnlyLogsInEveryFormatAreRebuiltWithinTheTargets() throws IOException {
    TracelakeConfig config = ConfigLoader.load(generate("--requests", "120", "--ids", "request",
        "--formats", "mixed", "--silent", "recommendations", "--access-log-only", "shipping",
        "--max-skew", "100"));
    RunReport report = new NightlyJob(spark(), config).run(DAY);

    AccuracyScorer.Report accuracy = score(config);
    assertThat(accuracy.countedSpans()).isGreaterThan(400);
    assertThat(accuracy.spansRecovered()).isGreaterThanOrEqualTo(0.99);
    assertThat(accuracy.parentLinksRightShare()).isGreaterThanOrEqualTo(0.95);
    assertThat(accuracy.edgeRecall()).isGreaterThanOrEqualTo(0.9);
    assertThat(report.rebuild().inferredSpans()).isEqualTo(report.counts().spans());
    assertThat(report.rebuild().skewAdjustedTraces()).isPositive();
    assertThat(table(config, Tables.SPANS, DAY).where(col("timing_source").equalTo("access_log")).count())
        .isPositive();
    assertThat(report.reconciled()).isTrue();
  }

  @Test
  void spanIdsWithoutParentIdsGetTheirParentsBack() throws IOException {
    TracelakeConfig config = ConfigLoader.load(generate("--requests", "80", "--ids", "span"));
    new NightlyJob(spark(), config).run(DAY);

    AccuracyScorer.Report accuracy = score(config);
    assertThat(accuracy.spansRecovered()).isEqualTo(1.0);
    assertThat(accuracy.parentLinksRightShare()).isGreaterThanOrEqualTo(0.98);
    assertThat(table(config, Tables.SPANS, DAY).where(col("inferred")).count()).isZero();
  }

  @Test
  void theDaysServiceCallsReadByEveryParseTaskGuideLinksMadeByTimeAlone() throws IOException {
    // a third of the spans log nothing around their children: time alone would hang some under another service
    TracelakeConfig config = ConfigLoader.load(generate("--requests", "150", "--ids", "span",
        "--non-enclosing", "0.3"));
    RunReport report = new NightlyJob(spark(), config).run(DAY);

    // each service logs into files of its own, parsed by tasks of their own: the calls are the whole day's
    Map<String, Set<String>> calls = report.rebuild().serviceCalls();
    assertThat(calls.get("inventory")).contains("catalog", "cart");
    assertThat(calls.get("auth")).containsExactly("gateway");
    assertThat(calls).doesNotContainKey("gateway");
    AccuracyScorer.Report accuracy = score(config);
    assertThat(accuracy.edgePrecision()).isEqualTo(1.0);
    assertThat(accuracy.edgeRecall()).isEqualTo(1.0);
    assertThat(accuracy.parentLinksRightShare()).isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void linesShippedAgainAreCountedOnceLinesRepeatedInOneFileAreKeptAndAllReconcile() throws IOException {
    TracelakeConfig config = ConfigLoader.load(generate("--requests", "80", "--ids", "request",
        "--duplicates", "0.05"));
    RunReport report = new NightlyJob(spark(), config).run(DAY);

    // the generator writes each copy either into a second ("resent") file or again into the same file; only
    // the first is evidence of a re-shipment: the second looks exactly like a line logged twice
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("truth/summary.json").toFile());
    long copies = summary.get("duplicate_entries").asLong();
    long reshipped = table(config, Tables.EVENTS, DAY)
        .where(col("trace_id").isNotNull().and(col("source_file").contains("-resent.log"))).count();
    assertThat(reshipped).isPositive().isLessThan(copies);
    assertThat(report.rebuild().duplicateEvents()).isEqualTo(reshipped);
    Row sums = table(config, Tables.TRACES, DAY).agg(functions.sum("duplicate_events")).first();
    assertThat(sums.getLong(0)).isEqualTo(reshipped);
    // every line is still an event: the events table keeps both copies
    assertThat(report.counts().events()).isEqualTo(summary.get("log_lines").asLong());
    assertThat(report.reconciled()).isTrue();
    assertThat(score(config).spansRecovered()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void aDayInSeveralEventsFilesIsRebuiltAsFromOne() throws IOException {
    TracelakeConfig config = ConfigLoader.load(generate("--requests", "60", "--ids", "request",
        "--across-midnight", "3"));
    org.apache.hadoop.conf.Configuration hadoop = spark().sparkContext().hadoopConfiguration();
    new NightlyJob(spark(), config).run(DAY);
    List<Row> spansFromOne = table(config, Tables.SPANS, DAY).collectAsList();
    List<Row> tracesFromOne = table(config, Tables.TRACES, DAY).collectAsList();
    assertThat(eventFiles(config)).isEqualTo(1);

    // one byte of input per file is enough: the day is cut into one events file per core, read one per task
    hadoop.setLong(NightlyJob.PARALLEL_FILE_INPUT_BYTES_KEY, 1);
    try {
      RunReport report = new NightlyJob(spark(), config).run(DAY);
      assertThat(eventFiles(config)).isEqualTo(spark().sparkContext().defaultParallelism()).isGreaterThan(1);
      assertThat(report.rebuild().tracesOfNeighbourDays()).isPositive();
    } finally {
      hadoop.unset(NightlyJob.PARALLEL_FILE_INPUT_BYTES_KEY);
    }
    Dataset<Row> spans = table(config, Tables.SPANS, DAY);
    Dataset<Row> traces = table(config, Tables.TRACES, DAY);
    assertDataFrameNoOrderEquals(nullable(spark().createDataFrame(spansFromOne, spans.schema())), nullable(spans));
    assertDataFrameNoOrderEquals(nullable(spark().createDataFrame(tracesFromOne, traces.schema())), nullable(traces));
  }

  private long eventFiles(TracelakeConfig config) throws IOException {
    try (var files = Files.list(Path.of(io.tracelake.jobs.warehouse.DayPointer.partition(config.warehouse(),
        Tables.EVENTS, DAY, spark().sparkContext().hadoopConfiguration()).toUri().getPath()))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  @Test
  void aTraceAcrossMidnightIsWholeInTheDayItsRootStartedAndOnlyThere() throws IOException {
    TracelakeConfig config = ConfigLoader.load(generate("--requests", "40", "--across-midnight", "4"));
    RunReport report = new NightlyJob(spark(), config).run(DAY);

    Map<String, String> dayOf = new HashMap<>();
    Map<String, Integer> spansOf = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(dir.resolve("truth/spans.jsonl"))) {
      JsonNode span = json.readTree(line);
      dayOf.put(span.get("trace_id").asText(), span.get("day").asText());
      spansOf.merge(span.get("trace_id").asText(), 1, Integer::sum);
    }
    Set<String> previousDay = new HashSet<>();
    dayOf.forEach((trace, day) -> {
      if (day.equals(DAY.minusDays(1).toString())) {
        previousDay.add(trace);
      }
    });
    assertThat(previousDay).hasSize(4);
    Map<String, Integer> written = new HashMap<>();
    for (Row row : table(config, Tables.TRACES, DAY).select("trace_id", "span_count").collectAsList()) {
      written.put(row.getString(0), row.getInt(1));
    }
    // every trace of the day, those running past midnight included, with all its spans; none of the day before
    Map<String, Integer> expected = new HashMap<>();
    dayOf.forEach((trace, day) -> {
      if (day.equals(DAY.toString())) {
        expected.put(trace, spansOf.get(trace));
      }
    });
    assertThat(written).isEqualTo(expected);
    assertThat(report.rebuild().marginEvents()).isPositive();
    assertThat(report.rebuild().tracesOfNeighbourDays()).isEqualTo(4);
    // events are the day's own lines only: the margins feed the rebuild, not the events table
    assertThat(report.counts().events()).isEqualTo(table(config, Tables.EVENTS, DAY).count());
    assertThat(table(config, Tables.EVENTS, DAY)
        .where(functions.to_date(col("ts")).notEqual(functions.lit(DAY.toString()))).count()).isZero();

    // the day before, run afterwards, takes its four traces from its own files and this day's committed events
    new NightlyJob(spark(), config).run(DAY.minusDays(1));
    Set<String> before = new HashSet<>();
    for (Row row : table(config, Tables.TRACES, DAY.minusDays(1)).select("trace_id", "span_count").collectAsList()) {
      before.add(row.getString(0));
      assertThat(row.getInt(1)).isEqualTo(spansOf.get(row.getString(0)));
    }
    assertThat(before).isEqualTo(previousDay);
  }

  @Test
  void aGiantTraceIsCutAtTheCapAndFlaggedWhileTheRestOfTheDayIsWhole() throws IOException {
    Path configFile = generate("--requests", "30", "--giant-trace", "20000");
    Files.writeString(configFile, "\nrebuild:\n  max_events_per_trace: 5000\n", StandardOpenOption.APPEND);
    TracelakeConfig config = ConfigLoader.load(configFile);
    RunReport report = new NightlyJob(spark(), config).run(DAY);

    String giant = new ObjectMapper().readTree(dir.resolve("truth/summary.json").toFile())
        .get("giant_trace_id").asText();
    Row trace = table(config, Tables.TRACES, DAY).where(col("trace_id").equalTo(giant)).first();
    assertThat(trace.<Boolean>getAs("truncated")).isTrue();
    assertThat(trace.<Long>getAs("event_count")).isGreaterThanOrEqualTo(20_000L);
    assertThat(table(config, Tables.SPANS, DAY).where(col("trace_id").equalTo(giant))
        .agg(functions.sum("event_count")).first().getLong(0)).isLessThanOrEqualTo(5_000L);
    assertThat(report.rebuild().truncatedTraces()).isEqualTo(1);
    assertThat(table(config, Tables.TRACES, DAY).where(col("truncated").equalTo(false)).count()).isEqualTo(30);
  }
}
