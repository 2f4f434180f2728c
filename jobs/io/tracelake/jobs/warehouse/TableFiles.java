package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Table;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetReader;

/** Reads a table's Parquet files with parquet-java, row by row, each row a {@link RowView} read by name. */
public final class TableFiles {

  private TableFiles() {}

  /** Rows of one file, in file order; {@link Rows#next} gives null after the last. */
  public static Rows read(Table table, Path file, Configuration hadoop) throws IOException {
    return new Rows(ParquetReader.builder(new TableReadSupport(table), file).withConf(hadoop).build());
  }

  /** Every row of a file or of a directory's Parquet files (in file name order); for small tables and tests. */
  public static List<RowView> readAll(Table table, Path fileOrDirectory, Configuration hadoop) throws IOException {
    List<RowView> rows = new ArrayList<>();
    for (Path file : parquetFiles(fileOrDirectory, hadoop)) {
      try (Rows in = read(table, file, hadoop)) {
        for (RowView row = in.next(); row != null; row = in.next()) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** The Parquet files of a directory (or the file itself), in name order. */
  public static List<Path> parquetFiles(Path fileOrDirectory, Configuration hadoop) throws IOException {
    FileSystem fs = fileOrDirectory.getFileSystem(hadoop);
    if (fs.getFileStatus(fileOrDirectory).isFile()) {
      return List.of(fileOrDirectory);
    }
    return Arrays.stream(fs.listStatus(fileOrDirectory, p -> p.getName().endsWith(".parquet")))
        .map(FileStatus::getPath).sorted().toList();
  }

  /** An open file's rows. */
  public static final class Rows implements Closeable {
    private final ParquetReader<RowView> reader;

    private Rows(ParquetReader<RowView> reader) {
      this.reader = reader;
    }

    /** The next row, or null after the last. */
    public RowView next() throws IOException {
      return reader.read();
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
