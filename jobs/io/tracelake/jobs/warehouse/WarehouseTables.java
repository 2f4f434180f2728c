package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Table;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** The warehouse's tables as Spark sees them: their types, and one day of one table. */
public final class WarehouseTables {

  private WarehouseTables() {}

  public static StructType schema(Table table) {
    return io.tracelake.jobs.warehouse.TableSchemas.spark(table);
  }

  /** One day's partition of a table, with the table's documented types. */
  public static Dataset<Row> read(SparkSession spark, String warehouse, Table table, LocalDate date) {
    return spark.read().schema(io.tracelake.jobs.warehouse.TableSchemas.spark(table))
        .parquet(WarehouseWriter.partitionPath(warehouse, table, date).toString());
  }

  /** A writer for one run's partitions of that day, under a run id that says what wrote them. */
  public static WarehouseWriter writer(SparkSession spark, String warehouse, String purpose, LocalDate date) {
    String runId = purpose + "-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()) + "-"
        + java.util.UUID.randomUUID().toString().substring(0, 8);
    return new WarehouseWriter(warehouse, runId, date, spark.sparkContext().hadoopConfiguration());
  }
}
