package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Table;
import java.time.LocalDate;
import org.apache.hadoop.fs.Path;
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

  /**
   * One day's partition of a table, with the table's documented types: the files of the run the day's pointer
   * names (an empty dataset when the day has none).
   */
  public static Dataset<Row> read(SparkSession spark, String warehouse, Table table, LocalDate date) {
    String[] files = DayPointer.files(warehouse, table, date, spark.sparkContext().hadoopConfiguration()).stream()
        .map(Path::toString).toArray(String[]::new);
    if (files.length == 0) {
      return spark.createDataFrame(java.util.List.of(), TableSchemas.spark(table));
    }
    return spark.read().schema(io.tracelake.jobs.warehouse.TableSchemas.spark(table)).parquet(files);
  }

  /** A new run id that says what wrote the run's directories, e.g. {@code aggregate-20261121T071658Z-24630970}. */
  public static String runId(String purpose) {
    return purpose + "-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()) + "-"
        + java.util.UUID.randomUUID().toString().substring(0, 8);
  }
}
