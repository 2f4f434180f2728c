package io.tracelake.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * CPU seconds of writing one table's rows as zstd Parquet, with the Hadoop settings as they are and with
 * Parquet's dictionary turned off for the given columns, alternating, after one warm-up write each.
 * The rows are read once and cached, so only the write is measured; process CPU time (all threads,
 * GC and JIT included) moves far less with other load on the machine than wall time.
 *
 * <pre>ParquetWriteAB PARQUET_DIR OUT_DIR REPETITIONS COLUMN[,COLUMN...]</pre>
 */
public final class ParquetWriteAB {

  private ParquetWriteAB() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[*]").appName("parquet-write-ab")
        .config("spark.ui.enabled", "false").getOrCreate();
    Dataset<Row> rows = spark.read().parquet(args[0]).cache();
    long count = rows.count();
    int repetitions = Integer.parseInt(args[2]);
    String[] columns = args[3].split(",");
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double[] sums = new double[2];
    for (int rep = 0; rep <= repetitions; rep++) {
      for (int variant = 0; variant < 2; variant++) {
        for (String column : columns) {
          if (variant == 1) {
            spark.sparkContext().hadoopConfiguration().setBoolean("parquet.enable.dictionary#" + column, false);
          } else {
            spark.sparkContext().hadoopConfiguration().unset("parquet.enable.dictionary#" + column);
          }
        }
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        rows.write().mode("overwrite").option("compression", "zstd").parquet(args[1] + "/v" + variant);
        double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
        if (rep > 0) {
          sums[variant] += cpuSeconds;
        }
        System.out.printf(Locale.ROOT, "rep %d %s: cpu %.2f s, wall %.2f s%n", rep,
            variant == 0 ? "as is" : "no dictionary for " + args[3], cpuSeconds, (System.nanoTime() - wall) / 1e9);
      }
    }
    System.out.printf(Locale.ROOT, "%,d rows; mean CPU s per write: as is %.2f, without dictionary %.2f (%+.1f%%)%n",
        count, sums[0] / repetitions, sums[1] / repetitions, 100 * (sums[1] / sums[0] - 1));
    spark.stop();
  }
}
