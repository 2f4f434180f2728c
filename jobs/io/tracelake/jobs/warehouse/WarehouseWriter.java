package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Table;
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
   * Writes a table's day to the staging area with Spark, as the rows come (the period tables of a rollup); the
   * nightly tables are written with their codecs into {@link #stagingDir} instead.
   */
  public void stage(Table table, Dataset<Row> rows) {
    rows.write().mode(SaveMode.ErrorIfExists).option("compression", "zstd").parquet(stagingPath(table).toString());
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
      TableFileWriter.createEmpty(table, new Path(dir, "part-empty.parquet"), hadoop);
    }
  }

  private Path stagingPath(Table table) {
    return new Path(warehouse, "_staging/" + runId + "/" + table.name() + "/" + partition);
  }

  public static Path partitionPath(String warehouse, Table table, LocalDate date) {
    return new Path(warehouse, table.name() + "/" + Table.PARTITION_COLUMN + "=" + date);
  }
}
