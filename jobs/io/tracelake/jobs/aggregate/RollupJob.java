package io.tracelake.jobs.aggregate;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.InputException;
import io.tracelake.jobs.warehouse.WarehouseTables;
import io.tracelake.jobs.warehouse.WarehouseWriter;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

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
   * @param allowMissing roll up the days that have aggregates when some of the period have none, rather
   *     than refuse; the rows' {@code days} say which were merged
   * @return rows written per table
   * @throws InputException when a day of the period has no aggregates (and {@code allowMissing} is false),
   *     or no day has
   */
  public Map<String, Long> run(LocalDate from, LocalDate to, boolean allowMissing) throws IOException {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
    List<LocalDate> days = daysWithAggregates(from, to);
    List<LocalDate> missing = from.datesUntil(to.plusDays(1)).filter(day -> !days.contains(day)).toList();
    if (days.isEmpty()) {
      throw new InputException("no " + Tables.SERVICE_OPERATIONS_DAILY.name() + " between " + from + " and " + to
          + " in " + config.warehouse() + "; run 'tracelake aggregate' for those days first");
    }
    if (!missing.isEmpty() && !allowMissing) {
      throw new InputException("rollup " + from + ".." + to + ": " + missing.size() + " of "
          + (days.size() + missing.size()) + " days have no aggregates in " + config.warehouse() + " ("
          + describe(missing) + "); run 'tracelake run' for them, or add --allow-missing to roll up "
          + (days.size() == 1 ? "the one day there is" : "the " + days.size() + " days there are"));
    }
    String partition = String.format(Tables.PERIOD_PARTITION, from, to);
    WarehouseWriter writer = new WarehouseWriter(config.warehouse(), "rollup-" + from + "-" + to + "-"
        + java.util.UUID.randomUUID().toString().substring(0, 8), partition, spark.sparkContext().hadoopConfiguration());
    Map<String, Long> written = new LinkedHashMap<>();
    try {
      written.put(Tables.SERVICE_OPERATIONS_ROLLUP.name(),
          rollUp(writer, Tables.SERVICE_OPERATIONS_DAILY, Tables.SERVICE_OPERATIONS_ROLLUP, 3, days));
      written.put(Tables.DEPENDENCIES_ROLLUP.name(),
          rollUp(writer, Tables.DEPENDENCIES_DAILY, Tables.DEPENDENCIES_ROLLUP, 2, days));
      writer.commit(Tables.ROLLUPS);
      return written;
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  /** The days of the period whose operation aggregates are in the warehouse. */
  private List<LocalDate> daysWithAggregates(LocalDate from, LocalDate to) throws IOException {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      Path path = WarehouseWriter.partitionPath(config.warehouse(), Tables.SERVICE_OPERATIONS_DAILY, day);
      if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
        days.add(day);
      }
    }
    return days;
  }

  /** "2026-11-18, 2026-11-19", or the first five and how many more. */
  private static String describe(List<LocalDate> days) {
    String shown = String.join(", ", days.stream().limit(5).map(LocalDate::toString).toList());
    return days.size() > 5 ? shown + " and " + (days.size() - 5) + " more" : shown;
  }

  private long rollUp(WarehouseWriter writer, Table daily, Table period, int keyColumns, List<LocalDate> days) {
    String[] paths = days.stream()
        .map(day -> WarehouseWriter.partitionPath(config.warehouse(), daily, day).toString()).toArray(String[]::new);
    // a day whose aggregates have no row of this table (no dependency edge at all) has no partition either
    paths = java.util.Arrays.stream(paths).filter(this::exists).toArray(String[]::new);
    if (paths.length == 0) {
      return write(writer, period, spark.createDataFrame(List.of(), WarehouseTables.schema(period)));
    }
    Column daysMerged = functions.array(days.stream().map(day -> functions.lit(day.toString())).toArray(Column[]::new));
    Dataset<Row> merged = spark.read().schema(WarehouseTables.schema(daily)).parquet(paths)
        .groupByKey((MapFunction<Row, String>) row -> {
          StringBuilder key = new StringBuilder();
          for (int i = 0; i < keyColumns; i++) {
            key.append(row.get(i)).append('\u0000');
          }
          return key.toString();
        }, Encoders.STRING())
        .mapGroups(new MergeLatencies(keyColumns), Encoders.row(WarehouseTables.schema(daily)))
        .withColumn("days", daysMerged);
    return write(writer, period, merged);
  }

  private static long write(WarehouseWriter writer, Table period, Dataset<Row> rows) {
    Dataset<Row> merged = rows.coalesce(1).cache();
    try {
      writer.stage(period, merged.sortWithinPartitions(period.columns().get(0).name()));
      return merged.count();
    } finally {
      merged.unpersist();
    }
  }

  private boolean exists(String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot look for " + path, e);
    }
  }
}
