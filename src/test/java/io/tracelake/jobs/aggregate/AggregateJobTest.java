package io.tracelake.jobs.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.simulator.Compression;
import io.tracelake.simulator.GeneratorOptions;
import io.tracelake.simulator.LogSimulator;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.jobs.warehouse.WarehouseTables;
import io.tracelake.model.aggregate.LatencySketch;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aggregates of a day: exact counts on hand-made spans, and percentiles within 1% on a generated day. */
class AggregateJobTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final long T0 = 1_795_168_800_000_000L; // 2026-11-20T08:00:00Z

  @TempDir
  Path dir;

  private static Row span(String trace, String id, String parent, String service, String name, String kind,
      long startOffsetUs, long durationUs, boolean error, String peer, Integer status, String exception) {
    long start = T0 + startOffsetUs;
    return RowFactory.create(trace, id, parent, service, service + "-1", name, kind, ts(start), ts(start + durationUs),
        durationUs, error ? "ERROR" : "OK", 2, peer, status, exception, "markers",
        parent == null ? "none" : "explicit", parent == null ? 0.0 : 1.0, 0L, false, "logged", null, null, null, null);
  }

  private static Timestamp ts(long micros) {
    Timestamp timestamp = new Timestamp(Math.floorDiv(micros, 1000));
    timestamp.setNanos((int) Math.floorMod(micros, 1_000_000L) * 1000);
    return timestamp;
  }

  private TracelakeConfig configWithSpans(List<Row> spans) throws IOException {
    Path config = dir.resolve("tracelake.yaml");
    Files.writeString(config, """
        warehouse: warehouse
        sources: [{name: a, format: logstash-json, paths: [logs]}]
        operations:
          rules:
            - {pattern: 'SELECT \\w+', replacement: 'SELECT {table}'}
        """);
    TracelakeConfig cfg = ConfigLoader.load(config);
    // as the nightly job writes them: every trace's spans in one file, traces spread over several files
    spark().createDataFrame(spans, WarehouseTables.schema(Tables.SPANS)).repartition(3, col("trace_id"))
        .sortWithinPartitions("trace_id", "start_time").write().mode(SaveMode.Overwrite)
        .parquet(cfg.warehouse() + "/spans/dt=" + DAY);
    return cfg;
  }

  @Test
  void countsOperationsErrorsAndEdgesExactly() throws IOException {
    List<Row> spans = List.of(
        // trace a: gateway -> orders -> postgres; orders fails with 503
        span("a", "a1", null, "gateway", "GET /api/orders/8412", "SERVER", 0, 10_000, true, null, 503, null),
        span("a", "a2", "a1", "gateway", "GET /orders/8412", "CLIENT", 100, 9_000, true, "orders", 503, null),
        span("a", "a3", "a2", "orders", "GET /orders/8412", "SERVER", 200, 8_000, true, null, 503,
            "java.lang.IllegalStateException"),
        span("a", "a4", "a3", "orders", "SELECT orders", "CLIENT", 300, 2_000, false, "postgres", null, null),
        // trace b: the same route, another id, fine
        span("b", "b1", null, "gateway", "GET /api/orders/17", "SERVER", 3_600_000_000L, 4_000, false, null, 200, null),
        span("b", "b2", "b1", "gateway", "GET /orders/17", "CLIENT", 3_600_000_100L, 3_000, false, "orders", 200, null),
        span("b", "b3", "b2", "orders", "GET /orders/17", "SERVER", 3_600_000_200L, 2_000, false, null, 200, null));
    TracelakeConfig cfg = configWithSpans(spans);

    Map<String, Long> written = new AggregateJob(spark(), cfg).run(DAY);

    assertThat(written).containsEntry("dependencies_daily", 2L).containsEntry("errors_daily", 3L);
    Dataset<Row> operations = WarehouseTables.read(spark(), cfg.warehouse(), Tables.SERVICE_OPERATIONS_DAILY, DAY);
    Row ordersServer = operations.where(col("service").equalTo("orders").and(col("kind").equalTo("SERVER"))).first();
    assertThat(ordersServer.<String>getAs("operation")).isEqualTo("GET /orders/{id}");
    assertThat(ordersServer.<Long>getAs("calls")).isEqualTo(2);
    assertThat(ordersServer.<Long>getAs("errors")).isEqualTo(1);
    assertThat(ordersServer.<Double>getAs("error_rate")).isEqualTo(0.5);
    assertThat(ordersServer.<Long>getAs("max_us")).isEqualTo(8_000L);
    assertThat(LatencySketch.fromBytes(ordersServer.getAs("latency_sketch")).count()).isEqualTo(2);
    assertThat(operations.where(col("operation").equalTo("SELECT {table}")).count()).as("config rules apply").isEqualTo(1);

    Dataset<Row> edges = WarehouseTables.read(spark(), cfg.warehouse(), Tables.DEPENDENCIES_DAILY, DAY)
        .select("parent", "child", "calls", "errors");
    assertDataFrameNoOrderEquals(nullable(spark().createDataFrame(List.of(
        RowFactory.create("gateway", "orders", 2L, 1L), RowFactory.create("orders", "postgres", 1L, 0L)),
        edges.schema())), nullable(edges));

    Dataset<Row> errors = WarehouseTables.read(spark(), cfg.warehouse(), Tables.ERRORS_DAILY, DAY);
    assertThat(errors.where(col("service").equalTo("orders")).first().<String>getAs("error_class"))
        .isEqualTo("HTTP 503");
    assertThat(errors.where(col("service").equalTo("orders")).first().<scala.collection.Seq<String>>getAs(
        "sample_trace_ids").mkString(",")).isEqualTo("a");

    Dataset<Row> hourly = WarehouseTables.read(spark(), cfg.warehouse(), Tables.SERVICE_HOURLY, DAY)
        .where(col("service").equalTo("gateway"));
    assertThat(hourly.count()).as("two hours of gateway server spans").isEqualTo(2);
  }

  /**
   * One trace calls orders once, another in a loop of six: the edge's spread says so, not only its total (of two
   * traces the sketch's p95 is the lower one, 1; the max is exact).
   */
  @Test
  void anEdgeKnowsHowItsCallsSpreadOverTraces() throws IOException {
    List<Row> spans = new java.util.ArrayList<>();
    spans.add(span("one", "o1", null, "gateway", "GET /api/cart", "SERVER", 0, 10_000, false, null, 200, null));
    spans.add(span("one", "o2", "o1", "gateway", "GET /orders/1", "CLIENT", 100, 1_000, false, "orders", 200, null));
    spans.add(span("loop", "l0", null, "gateway", "GET /api/cart", "SERVER", 20_000, 90_000, false, null, 200, null));
    for (int i = 1; i <= 6; i++) {
      spans.add(span("loop", "l" + i, "l0", "gateway", "GET /orders/" + i, "CLIENT", 20_000 + i * 10_000L, 5_000,
          false, "orders", 200, null));
    }
    spans.add(span("none", "n1", null, "gateway", "GET /health", "SERVER", 200_000, 100, false, null, 200, null));
    TracelakeConfig cfg = configWithSpans(spans);

    new AggregateJob(spark(), cfg).run(DAY);

    Dataset<Row> edge = WarehouseTables.read(spark(), cfg.warehouse(), Tables.DEPENDENCIES_DAILY, DAY)
        .select("parent", "child", "calls", "traces", "calls_per_trace_p50", "calls_per_trace_p95",
            "calls_per_trace_max");
    assertDataFrameNoOrderEquals(nullable(spark().createDataFrame(List.of(
        RowFactory.create("gateway", "orders", 7L, 2L, 1L, 1L, 6L)), edge.schema())), nullable(edge));
    Row sketch = WarehouseTables.read(spark(), cfg.warehouse(), Tables.DEPENDENCIES_DAILY, DAY).first();
    assertThat(LatencySketch.fromBytes(sketch.getAs("calls_per_trace_sketch")).count()).isEqualTo(2);
  }

  @Test
  void groupsSeenInSeveralFilesAreMergedWithTheSmallestTraceIdsAsSamples() throws IOException {
    List<Row> spans = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String trace = String.format("t%02d", i);
      spans.add(span(trace, trace + "-1", null, "gateway", "GET /api/cart", "SERVER", i * 1_000_000L, 1_000 + i,
          i % 3 != 0, null, i % 3 != 0 ? 500 : 200, null));
    }
    TracelakeConfig cfg = configWithSpans(spans);
    try (var files = Files.list(Path.of(cfg.warehouse(), "spans", "dt=" + DAY))) {
      assertThat(files.filter(f -> f.toString().endsWith(".parquet")).count()).isGreaterThan(1);
    }

    new AggregateJob(spark(), cfg).run(DAY);

    Row errors = WarehouseTables.read(spark(), cfg.warehouse(), Tables.ERRORS_DAILY, DAY).first();
    assertThat(errors.<Long>getAs("errors")).isEqualTo(8);
    assertThat(errors.<scala.collection.Seq<String>>getAs("sample_trace_ids").mkString(","))
        .isEqualTo("t01,t02,t04,t05,t07");
    Row operation = WarehouseTables.read(spark(), cfg.warehouse(), Tables.SERVICE_OPERATIONS_DAILY, DAY).first();
    assertThat(operation.<Long>getAs("calls")).isEqualTo(12);
    assertThat(operation.<Long>getAs("errors")).isEqualTo(8);
    assertThat(operation.<Long>getAs("max_us")).isEqualTo(1_011);
    assertThat(LatencySketch.fromBytes(operation.getAs("latency_sketch")).count()).isEqualTo(12);
  }

  @Test
  void aRollupOfTwoDaysEqualsTheAggregateOfTheirSpans() throws IOException {
    LocalDate next = DAY.plusDays(1);
    new LogSimulator(new GeneratorOptions(dir, DAY, 150, 4, Compression.NONE)).run();
    new LogSimulator(new GeneratorOptions(dir, next, 150, 4, Compression.NONE)).run();
    TracelakeConfig cfg = ConfigLoader.load(dir.resolve("tracelake.yaml"));
    for (LocalDate day : List.of(DAY, next)) {
      new NightlyJob(spark(), cfg).run(day);
      new AggregateJob(spark(), cfg).run(day);
    }

    new RollupJob(spark().sparkContext().hadoopConfiguration(), cfg).run(DAY, next, false);

    // recompute from the spans of both days, in plain Java: one sketch per service operation
    io.tracelake.model.aggregate.OperationNormalizer names = io.tracelake.model.aggregate.OperationNormalizer.defaults();
    Map<String, LatencySketch> fromSpans = new HashMap<>();
    Map<String, long[]> counts = new HashMap<>();
    for (LocalDate day : List.of(DAY, next)) {
      for (Row row : WarehouseTables.read(spark(), cfg.warehouse(), Tables.SPANS, day).collectAsList()) {
        io.tracelake.model.Span span = io.tracelake.jobs.warehouse.TableCodecs.span(
            io.tracelake.jobs.warehouse.RowView.of(Tables.SPANS, row));
        String key = span.service() + "|" + names.normalize(span.name()) + "|" + span.kind();
        fromSpans.computeIfAbsent(key, k -> new LatencySketch()).add(span.durationUs());
        long[] c = counts.computeIfAbsent(key, k -> new long[2]);
        c[0]++;
        c[1] += io.tracelake.model.aggregate.ErrorClass.isFailure(span) ? 1 : 0;
      }
    }
    List<Row> rolled = spark().read().parquet(cfg.warehouse() + "/service_operations_rollup/from=" + DAY + "/to=" + next)
        .collectAsList();
    assertThat(rolled).hasSize(fromSpans.size());
    for (Row row : rolled) {
      String key = row.getAs("service") + "|" + row.getAs("operation") + "|" + row.getAs("kind");
      LatencySketch merged = LatencySketch.fromBytes(row.getAs("latency_sketch"));
      assertThat(new long[] {row.getAs("calls"), row.getAs("errors")}).as(key).containsExactly(counts.get(key));
      for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
        assertThat(merged.quantile(q)).as(key + " p" + q).isEqualTo(fromSpans.get(key).quantile(q));
      }
    }
    assertThat(spark().read().parquet(cfg.warehouse() + "/dependencies_rollup/from=" + DAY + "/to=" + next).count())
        .isEqualTo(spark().read().parquet(cfg.warehouse() + "/dependencies_daily").select("parent", "child").distinct()
            .count());
    // an edge's traces add up over the days, its most calls in one trace is the larger day's
    Dataset<Row> daily = WarehouseTables.read(spark(), cfg.warehouse(), Tables.DEPENDENCIES_DAILY, DAY)
        .union(WarehouseTables.read(spark(), cfg.warehouse(), Tables.DEPENDENCIES_DAILY, next))
        .groupBy("parent", "child").agg(org.apache.spark.sql.functions.sum("traces").as("traces"),
            org.apache.spark.sql.functions.max("calls_per_trace_max").as("calls_per_trace_max"));
    Dataset<Row> rolledEdges = spark().read().parquet(cfg.warehouse() + "/dependencies_rollup/from=" + DAY + "/to="
        + next).select("parent", "child", "traces", "calls_per_trace_max");
    assertDataFrameNoOrderEquals(nullable(daily), nullable(rolledEdges));
    // an endpoint's critical paths over the period: its traces add up over the days, its shares still to 1
    Dataset<Row> rolledPaths = spark().read().parquet(cfg.warehouse() + "/critical_path_rollup/from=" + DAY + "/to="
        + next);
    long dailyTraces = 0;
    for (LocalDate day : List.of(DAY, next)) {
      dailyTraces += WarehouseTables.read(spark(), cfg.warehouse(), Tables.CRITICAL_PATH_DAILY, day)
          .groupBy("root_service", "root_operation").agg(org.apache.spark.sql.functions.first("endpoint_traces"))
          .agg(org.apache.spark.sql.functions.sum("first(endpoint_traces)")).first().getLong(0);
    }
    Dataset<Row> periodEndpoints = rolledPaths.groupBy("root_service", "root_operation").agg(
        org.apache.spark.sql.functions.first("endpoint_traces").as("traces"),
        org.apache.spark.sql.functions.sum("share").as("shares"));
    assertThat(periodEndpoints.agg(org.apache.spark.sql.functions.sum("traces")).first().getLong(0))
        .isEqualTo(dailyTraces).isPositive();
    assertThat(periodEndpoints.where(org.apache.spark.sql.functions.abs(col("shares").minus(1)).gt(1e-9)).count())
        .isZero();
    assertThat(rolledEdges.where(col("traces").leq(0)).count()).isZero();
    assertThat(rolled).allSatisfy(row -> assertThat(row.<String>getList(row.fieldIndex("days")))
        .containsExactly(DAY.toString(), next.toString()));

    // a period with a day that has no aggregates is refused, naming the day, unless missing days are allowed
    LocalDate after = next.plusDays(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RollupJob(spark().sparkContext().hadoopConfiguration(), cfg).run(DAY, after, false))
        .isInstanceOf(io.tracelake.jobs.run.InputException.class)
        .hasMessageContaining("1 of 3 days have no aggregates").hasMessageContaining(after.toString())
        .hasMessageContaining("--allow-missing");
    org.assertj.core.api.Assertions.assertThat(new java.io.File(cfg.warehouse() + "/service_operations_rollup/from="
        + DAY + "/to=" + after)).doesNotExist();
    new RollupJob(spark().sparkContext().hadoopConfiguration(), cfg).run(DAY, after, true);
    List<Row> partial = spark().read().parquet(cfg.warehouse() + "/dependencies_rollup/from=" + DAY + "/to=" + after)
        .collectAsList();
    assertThat(partial).isNotEmpty().allSatisfy(row -> assertThat(row.<String>getList(row.fieldIndex("days")))
        .containsExactly(DAY.toString(), next.toString()));
  }

  @Test
  void percentilesAreWithinOnePercentOfExactOnAGeneratedDay() throws IOException {
    new LogSimulator(new GeneratorOptions(dir, DAY, 400, 3, Compression.NONE)).run();
    TracelakeConfig cfg = ConfigLoader.load(dir.resolve("tracelake.yaml"));
    new NightlyJob(spark(), cfg).run(DAY);
    // the run's aggregates, computed in its pass, are those 'tracelake aggregate' re-computes from the spans
    Map<io.tracelake.model.schema.Table, List<Row>> inTheRun = new HashMap<>();
    for (io.tracelake.model.schema.Table table : Tables.AGGREGATES) {
      inTheRun.put(table, WarehouseTables.read(spark(), cfg.warehouse(), table, DAY).collectAsList());
    }
    new AggregateJob(spark(), cfg).run(DAY);
    for (io.tracelake.model.schema.Table table : Tables.AGGREGATES) {
      assertDataFrameNoOrderEquals(spark().createDataFrame(inTheRun.get(table), WarehouseTables.schema(table)),
          spark().createDataFrame(WarehouseTables.read(spark(), cfg.warehouse(), table, DAY).collectAsList(),
              WarehouseTables.schema(table)));
    }
    // every trace is one endpoint's, and each endpoint's critical-path shares add up to its whole latency
    Dataset<Row> paths = WarehouseTables.read(spark(), cfg.warehouse(), Tables.CRITICAL_PATH_DAILY, DAY);
    Dataset<Row> endpoints = paths.groupBy("root_service", "root_operation").agg(
        org.apache.spark.sql.functions.first("endpoint_traces").as("traces"),
        org.apache.spark.sql.functions.sum("share").as("shares"),
        org.apache.spark.sql.functions.sum("critical_us").as("critical_us"),
        org.apache.spark.sql.functions.first("endpoint_us").as("endpoint_us"));
    assertThat(endpoints.where(col("critical_us").notEqual(col("endpoint_us"))).count()).isZero();
    assertThat(endpoints.where(org.apache.spark.sql.functions.abs(col("shares").minus(1)).gt(1e-9)).count()).isZero();
    assertThat(endpoints.agg(org.apache.spark.sql.functions.sum("traces")).first().getLong(0))
        .isEqualTo(WarehouseTables.read(spark(), cfg.warehouse(), Tables.TRACES, DAY).count());

    Map<String, List<Long>> durations = new HashMap<>();
    for (Row row : WarehouseTables.read(spark(), cfg.warehouse(), Tables.SPANS, DAY)
        .where(col("kind").equalTo("SERVER")).select("service", "duration_us").collectAsList()) {
      durations.computeIfAbsent(row.getString(0), s -> new ArrayList<>()).add(row.getLong(1));
    }
    Dataset<Row> hourlyByService = WarehouseTables.read(spark(), cfg.warehouse(), Tables.SERVICE_OPERATIONS_DAILY, DAY)
        .where(col("kind").equalTo("SERVER"));
    Map<String, LatencySketch> merged = new HashMap<>();
    for (Row row : hourlyByService.collectAsList()) {
      merged.merge(row.getAs("service"), LatencySketch.fromBytes(row.getAs("latency_sketch")), LatencySketch::merge);
    }
    assertThat(merged.keySet()).isEqualTo(durations.keySet());
    for (Map.Entry<String, List<Long>> service : durations.entrySet()) {
      List<Long> sorted = service.getValue().stream().sorted().toList();
      LatencySketch sketch = merged.get(service.getKey());
      assertThat(sketch.count()).isEqualTo(sorted.size());
      for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
        long exact = sorted.get((int) Math.floor(q * (sorted.size() - 1)));
        assertThat(sketch.quantile(q)).as("%s p%s", service.getKey(), q * 100)
            .isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(1.0));
      }
    }
  }
}
