package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Table;
import java.io.IOException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Rows and lines (the sum of {@code line_count}) of a table's files as written, for the reconciliation, from the
 * files' footers: the sum {@link TableFileWriter} records there ({@link #FOOTER_KEY}), or for a file without it
 * (one another writer wrote) the row groups' statistics where they say every row has the same {@code line_count},
 * else that file's {@code line_count} column read back.
 *
 * @param rows rows of the files
 * @param lines the sum of their {@code line_count}
 */
public record WrittenLines(long rows, long lines) {

  static final String LINE_COUNT = "line_count";
  /**
   * The footer key of the sum of a file's {@code line_count}, written with the file: a file of multi-line entries
   * (stack traces) is then counted without reading its column back (4.9 s of a 20M-line day's run did that).
   */
  static final String FOOTER_KEY = "tracelake.line_count.sum";

  /** The rows and lines of the Parquet files of {@code dir} (a run directory of the events or rejects table). */
  public static WrittenLines of(Table table, Path dir, Configuration hadoop) throws IOException {
    long rows = 0;
    long lines = 0;
    for (Path file : TableFiles.parquetFiles(dir, hadoop)) {
      long fileRows = 0;
      long fileLines = 0;
      boolean uniform = true;
      try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(file, hadoop))) {
        String sum = footer.getFooter().getFileMetaData().getKeyValueMetaData().get(FOOTER_KEY);
        if (sum != null) {
          fileLines = Long.parseLong(sum);
        }
        for (BlockMetaData block : footer.getFooter().getBlocks()) {
          fileRows += block.getRowCount();
          if (sum != null) {
            continue;
          }
          Statistics<?> stats = lineCountStatistics(block);
          if (block.getRowCount() == 0) {
            continue;
          }
          if (stats instanceof IntStatistics ints && ints.hasNonNullValue() && ints.getNumNulls() == 0
              && ints.getMin() == ints.getMax()) {
            fileLines += block.getRowCount() * (long) ints.getMin();
          } else {
            uniform = false;
          }
        }
      }
      if (!uniform) {
        fileLines = readLineCounts(table, file, hadoop);
      }
      rows += fileRows;
      lines += fileLines;
    }
    return new WrittenLines(rows, lines);
  }

  private static Statistics<?> lineCountStatistics(BlockMetaData block) {
    for (ColumnChunkMetaData column : block.getColumns()) {
      if (column.getPath().toDotString().equals(LINE_COUNT)) {
        return column.getStatistics();
      }
    }
    return null;
  }

  private static long readLineCounts(Table table, Path file, Configuration hadoop) throws IOException {
    long lines = 0;
    try (ParquetReader<RowView> reader = ParquetReader.builder(new ProjectedReadSupport(table, Set.of(LINE_COUNT)),
        file).withConf(hadoop).build()) {
      for (RowView row = reader.read(); row != null; row = reader.read()) {
        lines += row.intValue(LINE_COUNT);
      }
    }
    return lines;
  }
}
