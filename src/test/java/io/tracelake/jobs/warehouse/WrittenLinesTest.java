package io.tracelake.jobs.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.RejectReason;
import io.tracelake.model.RejectedLine;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciliation's count of a table's rows and lines: from the sum each of our files records in its footer,
 * and, for a file without it, from the statistics or the column read back.
 */
class WrittenLinesTest extends SparkTestBase {

  @TempDir
  Path dir;

  private static TableCodecs.RejectEntry reject(long lineNumber, int lineCount) {
    return new TableCodecs.RejectEntry(new RejectedLine(RejectReason.BAD_TIMESTAMP, "no time", "x y", 3), "app",
        "file:/logs/a.log", lineNumber, lineCount);
  }

  private static String footerSum(Path file) throws Exception {
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))) {
      return reader.getFooter().getFileMetaData().getKeyValueMetaData().get(WrittenLines.FOOTER_KEY);
    }
  }

  @Test
  void eachOfOurWritersRecordsItsFilesSumOfLineCountAndTheCountReadsIt() throws Exception {
    Configuration hadoop = new Configuration();
    // entries of one line and of several (stack traces): no statistic gives the sum
    int[] counts = {1, 1, 7, 1, 30, 2, 1};
    for (boolean recordWriter : new boolean[] {false, true}) {
      Path table = Files.createDirectories(dir.resolve(recordWriter ? "records" : "pages"));
      for (int file = 0; file < 2; file++) {
        try (TableFileWriter<TableCodecs.RejectEntry> out = TableFileWriter.create(TableCodecs.REJECTS,
            new org.apache.hadoop.fs.Path(table.resolve("part-" + file + ".parquet").toString()), hadoop, 10, false,
            recordWriter)) {
          for (int i = 0; i < counts.length; i++) {
            out.write(reject(i + 1, counts[i] * (file + 1)));
          }
        }
      }
      assertThat(footerSum(table.resolve("part-0.parquet"))).isEqualTo("43");
      assertThat(footerSum(table.resolve("part-1.parquet"))).isEqualTo("86");
      assertThat(WrittenLines.of(Tables.REJECTS, new org.apache.hadoop.fs.Path(table.toString()), hadoop))
          .isEqualTo(new WrittenLines(14, 129));
    }
  }

  @Test
  void aFileWithoutTheSumIsCountedFromItsStatisticsOrItsColumn() throws Exception {
    // Spark's writer records no sum: one file of one-line rows (statistics), one of mixed line counts (column)
    List<Row> uniform = new ArrayList<>();
    List<Row> mixed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      uniform.add(row(i, 1));
      mixed.add(row(i, i + 1));
    }
    Path table = dir.resolve("spark");
    for (List<Row> rows : List.of(uniform, mixed)) {
      Dataset<Row> frame = spark().createDataFrame(rows, TableSchemas.spark(Tables.REJECTS));
      frame.coalesce(1).write().mode("append").parquet(table.toString());
    }
    try (var files = Files.list(table)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        assertThat(footerSum(file)).isNull();
      }
    }
    assertThat(WrittenLines.of(Tables.REJECTS, new org.apache.hadoop.fs.Path(table.toString()), new Configuration()))
        .isEqualTo(new WrittenLines(10, 5 + 15));
  }

  private static Row row(long lineNumber, int lineCount) {
    return RowFactory.create("bad_timestamp", "no time", "x y", 3, "app", "file:/logs/a.log", lineNumber, lineCount);
  }
}
