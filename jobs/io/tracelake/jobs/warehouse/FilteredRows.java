package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * The rows of one partition of a table read with parquet-java, no Spark: only the given columns are decoded, and
 * the filter reaches Parquet, which skips every row group its statistics, dictionaries or bloom filters rule out
 * and hands over only the matching rows. Columns a file lacks (written by an older schema) read as empty.
 */
final class FilteredRows {

  private FilteredRows() {}

  static void forEach(Table table, Set<String> columns, Path partition, FilterCompat.Filter filter,
      Configuration hadoop, Consumer<RowView> action) {
    try {
      for (Path file : TableFiles.parquetFiles(partition, hadoop)) {
        try (ParquetReader<RowView> reader = ParquetReader.builder(new ProjectedReadSupport(table, columns), file)
            .withConf(hadoop).withFilter(filter).build()) {
          for (RowView row = reader.read(); row != null; row = reader.read()) {
            action.accept(AbsentColumns.filled(row));
          }
        } catch (IOException | RuntimeException e) {
          String unreadable = ColumnEncryption.unreadable(file, e, hadoop);
          if (unreadable != null) {
            // the reader's keys (or their absence) are its arguments: a usage error, told in one line
            throw new IllegalArgumentException(unreadable, e);
          }
          throw e;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + partition + ": " + e.getMessage(), e);
    }
  }
}
