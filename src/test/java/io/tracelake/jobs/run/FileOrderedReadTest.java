package io.tracelake.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.internal.SQLConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOrderedReadTest extends SparkTestBase {

  @TempDir
  Path dir;

  @Test
  void everyFileIsOnePartitionReadInOrderEvenWhenSparkWouldCutIt() throws java.io.IOException {
    String path = dir.resolve("t").toString();
    // three files, each sorted by id, of many small row groups: Spark would cut them at row groups
    spark().range(0, 90_000).withColumn("id", col("id").cast("string"))
        .withColumn("k", col("id").cast("long").mod(3))
        .repartition(3, col("k")).sortWithinPartitions("id")
        .write().mode(SaveMode.Overwrite).option("parquet.block.size", 64 * 1024).parquet(path);
    String maxPartitionBytes = SQLConf.FILES_MAX_PARTITION_BYTES().key();
    spark().conf().set(maxPartitionBytes, 100_000L);
    try {
      assertThat(spark().read().parquet(path).rdd().getNumPartitions()).as("Spark's own planning").isGreaterThan(3);

      JavaRDD<Row> rows = FileOrderedRead.byFile(spark(), spark().read().parquet(path).select("id", "k"));

      long files;
      try (var listed = java.nio.file.Files.list(Path.of(path))) {
        files = listed.filter(f -> f.toString().endsWith(".parquet")).count();
      }
      assertThat(files).isBetween(2L, 3L); // two keys may hash to one file
      assertThat((long) rows.getNumPartitions()).isEqualTo(files);
      assertThat(spark().conf().get(maxPartitionBytes)).as("the session's setting is back").isEqualTo("100000");
      assertThat(spark().conf().contains(SQLConf.FILES_OPEN_COST_IN_BYTES().key())).isFalse();
      List<List<Row>> partitions = rows.glom().collect();
      long total = 0;
      for (List<Row> partition : partitions) {
        List<String> ids = new ArrayList<>(partition.stream().map(r -> r.getString(0)).toList());
        assertThat(ids).isSorted();
        total += ids.size();
      }
      assertThat(total).isEqualTo(90_000);
    } finally {
      spark().conf().unset(maxPartitionBytes);
    }
  }
}
