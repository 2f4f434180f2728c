package io.tracelake.jobs.run;

import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.internal.SQLConf;

/**
 * Reads a table written with its {@link TableLayout} so that every file is one partition, read front to
 * back. Each trace's rows sit in one file, sorted by trace id, so a partition then holds whole traces as
 * runs of rows: the trace-by-trace work (rebuilding traces, linking dependencies) needs no shuffle and
 * no sort of its own.
 *
 * <p>Spark would otherwise cut a file bigger than {@code spark.sql.files.maxPartitionBytes} (or than
 * the input over the cores) at row-group boundaries, and a trace can straddle one. The two file-packing
 * settings are raised only while the scan is planned: {@link Dataset#javaRDD()} fixes the partitions then
 * and there, and the session's settings are put back before anything else reads with them.
 */
public final class FileOrderedRead {

  /** Larger than any file, small enough that Spark's packing arithmetic (size + open cost) cannot overflow. */
  private static final long NO_SPLIT = 1L << 50;

  private FileOrderedRead() {}

  /** The rows of {@code scan} (a file scan, filters and projections over it), one partition per file. */
  public static JavaRDD<Row> byFile(SparkSession spark, Dataset<Row> scan) {
    return withoutSplitting(spark, scan::javaRDD);
  }

  /**
   * Same as {@link #byFile}, in Spark's internal form and without converting each row: a row is valid only
   * until the next one is read (Spark reuses it).
   */
  static JavaRDD<InternalRow> internalByFile(SparkSession spark, Dataset<Row> scan) {
    return withoutSplitting(spark, () -> scan.queryExecution().toRdd().toJavaRDD());
  }

  private static <T> JavaRDD<T> withoutSplitting(SparkSession spark, Supplier<JavaRDD<T>> plan) {
    String[] keys = {SQLConf.FILES_MAX_PARTITION_BYTES().key(), SQLConf.FILES_OPEN_COST_IN_BYTES().key()};
    String[] saved = new String[keys.length];
    synchronized (spark) {
      for (int i = 0; i < keys.length; i++) {
        saved[i] = spark.conf().contains(keys[i]) ? spark.conf().get(keys[i]) : null;
        // an open cost as large as the split size closes a partition after every file: no packing either
        spark.conf().set(keys[i], NO_SPLIT);
      }
      try {
        JavaRDD<T> rows = plan.get();
        rows.partitions(); // the file partitions are computed now, under these settings
        return rows;
      } finally {
        for (int i = 0; i < keys.length; i++) {
          if (saved[i] == null) {
            spark.conf().unset(keys[i]);
          } else {
            spark.conf().set(keys[i], saved[i]);
          }
        }
      }
    }
  }
}
