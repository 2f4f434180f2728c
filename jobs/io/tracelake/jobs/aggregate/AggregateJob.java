package io.tracelake.jobs.aggregate;

import static org.apache.spark.sql.functions.col;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.WarehouseTables;
import io.tracelake.jobs.run.WarehouseWriter;
import io.tracelake.model.Span;
import io.tracelake.model.aggregate.ErrorClass;
import io.tracelake.model.aggregate.OperationNormalizer;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The daily aggregates of one day, from its spans: per service operation, per service and hour, per
 * error class, and the dependency graph; each replaces that day's partition of its table.
 *
 * <pre>
 * spans ─normalise operation─▶ group ─SummarizeLatencies─▶ service_operations_daily, service_hourly
 *       ─failures─▶ group ─SampleErrors─▶ errors_daily
 *       ─group by trace─LinkTrace─▶ calls ─group by edge─SummarizeLatencies─▶ dependencies_daily
 * </pre>
 */
public final class AggregateJob {

  private static final StructType CALL = new StructType()
      .add("k1", DataTypes.StringType, false).add("k2", DataTypes.StringType, false)
      .add("k3", DataTypes.StringType, true)
      .add("duration_us", DataTypes.LongType, false).add("error", DataTypes.BooleanType, false);
  private static final StructType HOURLY_CALL = new StructType()
      .add("service", DataTypes.StringType, false).add("hour", DataTypes.TimestampType, false)
      .add("duration_us", DataTypes.LongType, false).add("error", DataTypes.BooleanType, false);
  private static final StructType FAILURE = new StructType()
      .add("service", DataTypes.StringType, false).add("operation", DataTypes.StringType, false)
      .add("error_class", DataTypes.StringType, false).add("trace_id", DataTypes.StringType, false);
  private static final StructType EDGE_CALL = new StructType()
      .add("parent", DataTypes.StringType, false).add("child", DataTypes.StringType, false)
      .add("duration_us", DataTypes.LongType, false).add("error", DataTypes.BooleanType, false);

  private final SparkSession spark;
  private final TracelakeConfig config;

  public AggregateJob(SparkSession spark, TracelakeConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Writes the day's aggregates and returns the rows written per table. */
  public Map<String, Long> run(LocalDate date) throws IOException {
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    OperationNormalizer operations = new OperationNormalizer(config.operationRules().stream()
        .map(rule -> new OperationNormalizer.Rule(rule.pattern(), rule.replacement())).toList());
    Dataset<Row> spans = WarehouseTables.read(spark, config.warehouse(), Tables.SPANS, date)
        .select(SpanRows.COLUMNS).cache();
    WarehouseWriter writer = WarehouseTables.writer(spark, config.warehouse(), "aggregate", date);
    Map<String, Long> written = new LinkedHashMap<>();
    try {
      Dataset<Row> operationCalls = spans.map((MapFunction<Row, Row>) row -> {
        Span span = SpanRows.toSpan(row);
        return RowFactory.create(span.service(), operations.normalize(span.name() == null ? "" : span.name()),
            span.kind().name(), span.durationUs(), ErrorClass.isFailure(span));
      }, Encoders.row(CALL)).where(col("k1").isNotNull());
      written.put(Tables.SERVICE_OPERATIONS_DAILY.name(), write(writer, Tables.SERVICE_OPERATIONS_DAILY,
          summarize(operationCalls, 3, Tables.SERVICE_OPERATIONS_DAILY)));

      Dataset<Row> hourlyCalls = spans.where(col("kind").isin("SERVER", "CONSUMER").and(col("service").isNotNull()))
          .map((MapFunction<Row, Row>) row -> {
            Span span = SpanRows.toSpan(row);
            return RowFactory.create(span.service(), java.sql.Timestamp.from(java.time.Instant.ofEpochSecond(
                Math.floorDiv(span.startUs(), 3_600_000_000L) * 3600)), span.durationUs(), ErrorClass.isFailure(span));
          }, Encoders.row(HOURLY_CALL));
      written.put(Tables.SERVICE_HOURLY.name(), write(writer, Tables.SERVICE_HOURLY,
          summarize(hourlyCalls, 2, Tables.SERVICE_HOURLY)));

      Dataset<Row> failures = spans.flatMap((FlatMapFunction<Row, Row>) row -> {
        Span span = SpanRows.toSpan(row);
        String errorClass = ErrorClass.of(span);
        return errorClass == null || span.service() == null ? java.util.Collections.emptyIterator()
            : java.util.List.of(RowFactory.create(span.service(), operations.normalize(
                span.name() == null ? "" : span.name()), errorClass, span.traceId())).iterator();
      }, Encoders.row(FAILURE));
      Dataset<Row> errors = failures
          .groupByKey((MapFunction<Row, String>) row -> row.getString(0) + '\u0000' + row.getString(1) + '\u0000'
              + row.getString(2), Encoders.STRING())
          .mapGroups(new SampleErrors(), Encoders.row(WarehouseTables.schema(Tables.ERRORS_DAILY)));
      written.put(Tables.ERRORS_DAILY.name(), write(writer, Tables.ERRORS_DAILY, errors));

      Dataset<Row> edgeCalls = spans
          .groupByKey((MapFunction<Row, String>) row -> row.getString(0), Encoders.STRING())
          .flatMapGroups(new LinkTrace(), Encoders.row(EDGE_CALL));
      written.put(Tables.DEPENDENCIES_DAILY.name(), write(writer, Tables.DEPENDENCIES_DAILY,
          summarize(edgeCalls, 2, Tables.DEPENDENCIES_DAILY)));

      writer.commit(Tables.AGGREGATES);
      return written;
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    } finally {
      spans.unpersist();
    }
  }

  private static Dataset<Row> summarize(Dataset<Row> calls, int keyColumns, Table table) {
    return calls
        .groupByKey((MapFunction<Row, String>) row -> {
          StringBuilder key = new StringBuilder();
          for (int i = 0; i < keyColumns; i++) {
            key.append(row.get(i)).append('\u0000');
          }
          return key.toString();
        }, Encoders.STRING())
        .mapGroups(new SummarizeLatencies(keyColumns), Encoders.row(WarehouseTables.schema(table)));
  }

  private static long write(WarehouseWriter writer, Table table, Dataset<Row> rows) {
    Dataset<Row> sorted = rows.coalesce(1).sortWithinPartitions(table.columns().get(0).name()).cache();
    try {
      writer.stage(table, sorted);
      return sorted.count();
    } finally {
      sorted.unpersist();
    }
  }
}
