package io.tracelake.jobs.run;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.unix_micros;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.simulator.Compression;
import io.tracelake.simulator.GenerationSummary;
import io.tracelake.simulator.GeneratorOptions;
import io.tracelake.simulator.LogSimulator;
import io.tracelake.simulator.ServiceFormat;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One day in which every service logs in another format (JSON families, pattern layouts, Spring Boot,
 * logfmt, Docker and CRI envelopes, nginx/Apache/Envoy access logs, stack traces), run end to end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedFormatsJobTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

  @TempDir
  static Path dir;

  private GenerationSummary generated;
  private RunReport report;
  private Dataset<Row> events;
  private Dataset<Row> truth;

  @BeforeAll
  void generateAndRun() throws IOException {
    runBefore();
    generated = new LogSimulator(new GeneratorOptions(dir, DAY, 150, 5, Compression.NONE,
        ServiceFormat.preset(ServiceFormat.MIXED))).run();
    TracelakeConfig config = ConfigLoader.load(generated.configFile());
    report = new NightlyJob(spark(), config).run(DAY);
    events = io.tracelake.jobs.warehouse.WarehouseTables.read(spark(), config.warehouse(), Tables.EVENTS, DAY).cache();
    truth = spark().read().json(generated.truthFile().toString());
  }

  @Test
  void everyLineIsPartOfAnEntryAndNoneIsRejected() {
    assertThat(report.counts().rejectsByReason()).isEmpty();
    assertThat(report.counts().linesRead()).isEqualTo(generated.logLines());
    assertThat(report.counts().events()).isEqualTo(generated.logEntries()).isEqualTo(events.count());
    assertThat(report.counts().eventLines()).isEqualTo(generated.logLines());
    assertThat(report.reconciled()).isTrue();
    // counted from the written files: stack traces make some events' line_count above 1, so row groups are read
    assertThat(report.reconciliation().eventLinesInTable()).isEqualTo(generated.logLines())
        .isGreaterThan(report.reconciliation().eventsInTable());
    assertThat(report.inputs()).extracting(RunReport.FileReport::source).contains("gateway", "gateway-access", "auth",
        "catalog", "cart", "checkout", "checkout-access", "inventory", "payments", "orders", "orders-access",
        "recommendations", "notifications", "shipping");
  }

  @Test
  void everySimulatedSpanIsFoundWithItsIdsInItsServicesLog() {
    Dataset<Row> expected = truth.select("trace_id", "span_id", "service").distinct();
    Dataset<Row> actual = events.where(col("span_id").isNotNull()).select("trace_id", "span_id", "service").distinct();
    assertDataFrameNoOrderEquals(nullable(expected), nullable(actual));
  }

  @Test
  void timesAreRightInEveryZoneAndPrecision() {
    // a span's first entry is its start line: within the format's precision (ms) of the truth, skew included
    Dataset<Row> firstEntry = events.where(col("span_id").isNotNull()).groupBy("trace_id", "span_id")
        .agg(min(unix_micros(col("ts"))).as("first_us"));
    Dataset<Row> off = truth.join(firstEntry, List.of("trace_id", "span_id").toArray(String[]::new))
        .where(abs(col("first_us").minus(col("start_us").plus(col("clock_skew_us")))).geq(1000));
    assertThat(off.count()).as("spans whose start entry is off by a millisecond or more").isZero();
  }

  @Test
  void stackTracesAreFoldedAndTheirExceptionsExtracted() {
    Dataset<Row> multiLine = events.where(col("line_count").gt(1));
    assertThat(multiLine.count()).isPositive();
    assertThat(multiLine.where(col("message").contains("\n\tat ").and(col("exception_type").isNull())).count())
        .as("Java stack traces without an exception type").isZero();
    assertThat(events.where(col("exception_type").isNotNull()).select("service").distinct().count())
        .as("services whose failures carry an exception").isGreaterThanOrEqualTo(3);
  }

  @Test
  void envelopesKeepTheirStream() {
    assertThat(events.where(col("service").isin("cart", "shipping", "catalog", "inventory").and(col("stream").isNull()))
        .count()).isZero();
    assertThat(events.where(col("stream").isNotNull()).select("service").distinct().count()).isEqualTo(4);
  }

  @Test
  void accessLogLinesCarryTheirRequestAndTheTraceOfNginxAndEnvoy() {
    Dataset<Row> access = events.where(col("source").endsWith("-access"));
    long serverSpans = truth.where(col("kind").equalTo("SERVER").and(col("service").isin("gateway", "checkout",
        "orders"))).count();
    assertThat(access.count()).isEqualTo(serverSpans);
    assertThat(access.where(col("http_method").isNull().or(col("http_path").isNull()).or(col("http_status").isNull())
        .or(col("duration_us").isNull())).count()).isZero();
    Dataset<Row> traced = access.where(col("source").isin("gateway-access", "checkout-access"));
    assertThat(traced.where(col("trace_id").isNull()).count()).isZero();
    assertThat(traced.select("trace_id").distinct().except(truth.select("trace_id")).count())
        .as("access-log trace ids that no simulated trace has").isZero();
  }
}
