package io.tracelake.jobs.aggregate;

import static org.apache.spark.sql.functions.col;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.FileOrderedRead;
import io.tracelake.jobs.run.WarehouseTables;
import io.tracelake.jobs.run.WarehouseWriter;
import io.tracelake.model.aggregate.OperationNormalizer;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The daily aggregates of one day, from its spans: per service operation, per service and hour, per
 * error class, and the dependency graph; each replaces that day's partition of its table.
 *
 * <pre>
 * spans, one file per task ─DailyPartials─▶ per task and key: counts, max, sketch, error samples
 *   (operations normalised, failures classed, each trace's run of spans linked into dependency calls)
 *   ─group by table and key─MergePartials─▶ service_operations_daily, service_hourly, errors_daily,
 *                                            dependencies_daily
 * </pre>
 *
 * <p>One read of the spans and no shuffle of them: only the partial rows (a few per key and task) move.
 */
public final class AggregateJob {

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
    JavaRDD<Row> spans = FileOrderedRead.byFile(spark,
        WarehouseTables.read(spark, config.warehouse(), Tables.SPANS, date).select(SpanRows.COLUMNS));
    Dataset<Row> partials = spark.createDataFrame(
        spans.mapPartitions((FlatMapFunction<Iterator<Row>, Row>) new DailyPartials(operations)::call),
        DailyPartials.PARTIAL).persist();
    WarehouseWriter writer = WarehouseTables.writer(spark, config.warehouse(), "aggregate", date);
    Map<String, Long> written = new LinkedHashMap<>();
    try {
      for (Table table : List.of(Tables.SERVICE_OPERATIONS_DAILY, Tables.SERVICE_HOURLY, Tables.ERRORS_DAILY,
          Tables.DEPENDENCIES_DAILY)) {
        Dataset<Row> rows = partials.where(col("table").equalTo(table.name()))
            .groupByKey((MapFunction<Row, String>) MergePartials::key, Encoders.STRING())
            .mapGroups(new MergePartials(table), Encoders.row(WarehouseTables.schema(table)));
        written.put(table.name(), write(writer, table, rows));
      }
      writer.commit(Tables.AGGREGATES);
      return written;
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    } finally {
      partials.unpersist();
    }
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
