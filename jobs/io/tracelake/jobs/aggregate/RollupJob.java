package io.tracelake.jobs.aggregate;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.InputException;
import io.tracelake.jobs.run.WarehouseTables;
import io.tracelake.jobs.run.WarehouseWriter;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Merges the daily operation and dependency aggregates of a period (both days included) into the
 * period tables, from the stored sketches alone: no span is read again.
 */
public final class RollupJob {

  private final SparkSession spark;
  private final TracelakeConfig config;

  public RollupJob(SparkSession spark, TracelakeConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /**
   * @return rows written per table
   * @throws InputException when no day of the period has aggregates
   */
  public Map<String, Long> run(LocalDate from, LocalDate to) throws IOException {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
    String partition = String.format(Tables.PERIOD_PARTITION, from, to);
    WarehouseWriter writer = new WarehouseWriter(config.warehouse(), "rollup-" + from + "-" + to + "-"
        + java.util.UUID.randomUUID().toString().substring(0, 8), partition, spark.sparkContext().hadoopConfiguration());
    Map<String, Long> written = new LinkedHashMap<>();
    try {
      written.put(Tables.SERVICE_OPERATIONS_ROLLUP.name(),
          rollUp(writer, Tables.SERVICE_OPERATIONS_DAILY, Tables.SERVICE_OPERATIONS_ROLLUP, 3, from, to));
      written.put(Tables.DEPENDENCIES_ROLLUP.name(),
          rollUp(writer, Tables.DEPENDENCIES_DAILY, Tables.DEPENDENCIES_ROLLUP, 2, from, to));
      writer.commit(Tables.ROLLUPS);
      return written;
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  private long rollUp(WarehouseWriter writer, Table daily, Table period, int keyColumns, LocalDate from, LocalDate to)
      throws IOException {
    List<String> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      Path path = WarehouseWriter.partitionPath(config.warehouse(), daily, day);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(path)) {
        days.add(path.toString());
      }
    }
    if (days.isEmpty()) {
      throw new InputException("no " + daily.name() + " between " + from + " and " + to + " in " + config.warehouse()
          + "; run 'tracelake aggregate' for those days first");
    }
    Dataset<Row> merged = spark.read().schema(WarehouseTables.schema(daily)).parquet(days.toArray(String[]::new))
        .groupByKey((MapFunction<Row, String>) row -> {
          StringBuilder key = new StringBuilder();
          for (int i = 0; i < keyColumns; i++) {
            key.append(row.get(i)).append('\u0000');
          }
          return key.toString();
        }, Encoders.STRING())
        .mapGroups(new MergeLatencies(keyColumns), Encoders.row(WarehouseTables.schema(period)))
        .coalesce(1).cache();
    try {
      writer.stage(period, merged.sortWithinPartitions(period.columns().get(0).name()));
      return merged.count();
    } finally {
      merged.unpersist();
    }
  }
}
