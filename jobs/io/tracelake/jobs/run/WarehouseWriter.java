package io.tracelake.jobs.run;

import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes one day of every table so that a re-run replaces exactly that day.
 *
 * <p>Each table's day is first written under {@code _staging/<run id>/} and only moved to
 * {@code <table>/dt=<day>} once every table of the run is written; a failed run leaves the previous
 * day in place. Spark's dynamic partition overwrite is not used: it leaves a day's old rows in place
 * when the new run has none (a day with no rejects any more, say).
 */
public final class WarehouseWriter {

  /** Below this a table's day is not cut into more files just to write it on more cores. */
  static final long MIN_PARALLEL_FILE_BYTES = 8L << 20;

  private final String warehouse;
  private final String runId;
  /** The partition directory each table's rows go to, e.g. {@code dt=2026-11-20}. */
  private final String partition;
  private final Configuration hadoop;

  public WarehouseWriter(String warehouse, String runId, LocalDate date, Configuration hadoop) {
    this(warehouse, runId, Table.PARTITION_COLUMN + "=" + date, hadoop);
  }

  /** A writer for another partition than a day, e.g. a period's {@code from=.../to=...}. */
  public WarehouseWriter(String warehouse, String runId, String partition, Configuration hadoop) {
    this.warehouse = warehouse;
    this.runId = runId;
    this.partition = partition;
    this.hadoop = hadoop;
  }

  /**
   * Writes a table's day to the staging area. Events, spans and traces get the {@link TableLayout} for
   * reading one trace: spread over files by trace id, sorted, with a bloom filter on trace_id. Spans and
   * traces are sized from the events staged before them.
   */
  public void stage(Table table, Dataset<Row> rows) {
    stage(table, rows, -1);
  }

  /**
   * Same as {@link #stage(Table, Dataset)}, in {@code files} files for the events, which the caller sizes
   * from the input: the layout's shuffle then makes the files, so the rows may come in as many partitions
   * as there are read tasks and the parse keeps every core busy.
   */
  public void stage(Table table, Dataset<Row> rows, int files) {
    stage(table, rows, files, false);
  }

  /**
   * Same as {@link #stage(Table, Dataset)} for rows that already come clustered by trace, every trace's
   * rows in one partition (the rebuilt spans and traces): partitions are merged rather than shuffled. At
   * least one file per core (while files stay above a few MB), so that the write keeps every core busy.
   */
  void stageClustered(Table table, Dataset<Row> rows) {
    stage(table, rows, -1, true);
  }

  private void stage(Table table, Dataset<Row> rows, int files, boolean clustered) {
    TableLayout layout = TableLayout.of(table);
    if (layout == null) {
      rows.write().mode(SaveMode.ErrorIfExists).option("compression", "zstd").parquet(stagingPath(table).toString());
      return;
    }
    long eventsBytes = table.equals(Tables.EVENTS) ? -1 : stagedBytes(Tables.EVENTS);
    long bytesPerFile;
    if (eventsBytes < 0) {
      files = files > 0 ? files : rows.rdd().getNumPartitions();
      bytesPerFile = Long.MAX_VALUE; // not known before writing: size the filters for full row groups
    } else {
      long tableBytes = (long) (eventsBytes * layout.shareOfEvents());
      files = TableLayout.files(tableBytes, hadoop);
      if (clustered) {
        int cores = rows.sparkSession().sparkContext().defaultParallelism();
        files = Math.max(files, (int) Math.min(cores, Math.max(1, tableBytes / MIN_PARALLEL_FILE_BYTES)));
        // each file is one task of the write: a multiple of the cores leaves none idle at the end (3 -> 4 on 2)
        files = files > cores ? (files + cores - 1) / cores * cores : files;
      }
      bytesPerFile = tableBytes / files;
    }
    (clustered ? layout.arrangeClustered(rows, files) : layout.arrange(rows, files)).write().mode(SaveMode.ErrorIfExists).option("compression", "zstd")
        .options(layout.writerOptions(hadoop, bytesPerFile)).parquet(stagingPath(table).toString());
  }

  /** Bytes of a table staged by this run, or -1 when it has not been staged. */
  private long stagedBytes(Table table) {
    Path staged = stagingPath(table);
    try {
      FileSystem fs = staged.getFileSystem(hadoop);
      return fs.exists(staged) ? fs.getContentSummary(staged).getLength() : -1;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot measure " + staged, e);
    }
  }

  /** Moves every staged table into place, replacing the day's previous partitions. */
  public void commit(Iterable<Table> tables) throws IOException {
    for (Table table : tables) {
      Path staged = stagingPath(table);
      Path target = new Path(warehouse, table.name() + "/" + partition);
      FileSystem fs = target.getFileSystem(hadoop);
      if (fs.exists(target) && !fs.delete(target, true)) {
        throw new IOException("cannot delete " + target + " to replace it");
      }
      fs.mkdirs(target.getParent());
      if (!fs.rename(staged, target)) {
        throw new IOException("cannot move " + staged + " to " + target);
      }
    }
    abort();
  }

  /** Removes what this run staged. */
  public void abort() throws IOException {
    Path runDir = new Path(warehouse, "_staging/" + runId);
    FileSystem fs = runDir.getFileSystem(hadoop);
    fs.delete(runDir, true);
    Path stagingRoot = runDir.getParent();
    if (fs.exists(stagingRoot) && fs.listStatus(stagingRoot).length == 0) {
      fs.delete(stagingRoot, false);
    }
  }

  /** The directory a table's day is staged in until the commit; files written there are committed with it. */
  public Path stagingDir(Table table) {
    return stagingPath(table);
  }

  /**
   * Keeps, of the files staged for a table, only those named in {@code accepted} (by file name): the others are a
   * failed or losing task attempt's. A table left with no file gets one with no row, so that readers find the day.
   */
  public void keepOnly(Table table, java.util.Collection<String> accepted) throws IOException {
    Path dir = stagingPath(table);
    FileSystem fs = dir.getFileSystem(hadoop);
    fs.mkdirs(dir);
    java.util.Set<String> names = new java.util.HashSet<>();
    accepted.forEach(file -> names.add(new Path(file).getName()));
    int kept = 0;
    for (org.apache.hadoop.fs.FileStatus file : fs.listStatus(dir)) {
      if (names.contains(file.getPath().getName())) {
        kept++;
      } else if (!fs.delete(file.getPath(), true)) {
        throw new IOException("cannot delete " + file.getPath() + ", a file of a failed task attempt");
      }
    }
    if (kept == 0) {
      io.tracelake.jobs.warehouse.TableFileWriter.createEmpty(table, new Path(dir, "part-empty.parquet"), hadoop);
    }
  }

  /** Where {@link #stage} put a table's day, to read it back before the commit. */
  String stagedPath(Table table) {
    return stagingPath(table).toString();
  }

  private Path stagingPath(Table table) {
    return new Path(warehouse, "_staging/" + runId + "/" + table.name() + "/" + partition);
  }

  public static Path partitionPath(String warehouse, Table table, LocalDate date) {
    return new Path(warehouse, table.name() + "/" + Table.PARTITION_COLUMN + "=" + date);
  }
}
