package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one run's partitions so that a re-run replaces exactly that day (or period), and a failed run leaves the
 * previous one in place.
 *
 * <p>A day's tables are written under the run's own directories, {@code <table>/dt=<day>/<run id>/}, which no
 * reader looks at until {@link #switchDay} names them in the day's {@link DayPointer}: one small file replaced in
 * one atomic step switches every table of the day at once; {@link DayPointer#collectGarbage} then deletes the
 * runs no reader sees. A period of a rollup ({@code from=/to=}) is staged under {@code _staging/<run id>/} and
 * renamed into place table by table ({@link #commit}).
 */
public final class WarehouseWriter {

  private final String warehouse;
  private final String runId;
  /** The day written, or null for a period. */
  private final LocalDate date;
  /** The partition directory of a period, e.g. {@code from=2026-11-01/to=2026-11-30}; null for a day. */
  private final String partition;
  private final Configuration hadoop;

  public WarehouseWriter(String warehouse, String runId, LocalDate date, Configuration hadoop) {
    this.warehouse = warehouse;
    this.runId = runId;
    this.date = date;
    this.partition = null;
    this.hadoop = hadoop;
  }

  /** A writer for a period's partition, {@code from=.../to=...} (a rollup). */
  public WarehouseWriter(String warehouse, String runId, String partition, Configuration hadoop) {
    this.warehouse = warehouse;
    this.runId = runId;
    this.date = null;
    this.partition = partition;
    this.hadoop = hadoop;
  }

  public String runId() {
    return runId;
  }

  /** Moves every staged table of a period into place, replacing the period's previous partitions. */
  public void commit(Iterable<Table> tables) throws IOException {
    if (date != null) {
      throw new IllegalStateException("a day is switched with switchDay, not renamed into place");
    }
    for (Table table : tables) {
      Path staged = stagingPath(table);
      Path target = new Path(warehouse, table.name() + "/" + partition);
      FileSystem fs = target.getFileSystem(hadoop);
      if (fs.exists(target) && !fs.delete(target, true)) {
        throw new IOException("cannot delete " + target + " to replace it");
      }
      OutputMode.mkdirs(fs, target.getParent(), hadoop);
      if (!fs.rename(staged, target)) {
        throw new IOException("cannot move " + staged + " to " + target);
      }
    }
    abort();
  }

  /**
   * Switches the day's {@code tables} to this run's directories in one step (the day's pointer replaced) and
   * returns the new pointer; the caller holds the day's {@link DayLock}. {@code beforeSwitch} runs once the new
   * pointer is written under its temporary name.
   */
  public DayPointer switchDay(Collection<Table> tables, Runnable beforeSwitch) throws IOException {
    Optional<DayPointer> previous = DayPointer.read(warehouse, date, hadoop);
    DayPointer pointer = DayPointer.switched(previous, date, tables, runId, Instant.now().toString());
    pointer.write(warehouse, hadoop, beforeSwitch);
    return pointer;
  }

  /** Removes what this run wrote and did not switch to: its run directories (a day) or its staging (a period). */
  public void abort() throws IOException {
    if (date == null) {
      Path runDir = new Path(warehouse, "_staging/" + runId);
      runDir.getFileSystem(hadoop).delete(runDir, true);
      return;
    }
    Optional<DayPointer> pointer = DayPointer.read(warehouse, date, hadoop);
    List<Table> tables = new ArrayList<>(Tables.NIGHTLY);
    tables.addAll(Tables.AGGREGATES);
    for (Table table : tables) {
      if (pointer.isPresent() && runId.equals(pointer.get().runs().get(table.name()))) {
        continue; // switched already: readers see it
      }
      Path dir = stagingPath(table);
      dir.getFileSystem(hadoop).delete(dir, true);
    }
  }

  /** The directory this run writes a table's partition in; files written there are committed with it. */
  public Path stagingDir(Table table) {
    return stagingPath(table);
  }

  /**
   * Keeps, of the files staged for a table, only those named in {@code accepted} (by file name): the others are a
   * failed or losing task attempt's. A table left with no file gets one with no row, so that readers find the day.
   */
  public void keepOnly(Table table, Collection<String> accepted) throws IOException {
    Path dir = stagingPath(table);
    FileSystem fs = dir.getFileSystem(hadoop);
    OutputMode.mkdirs(fs, dir, hadoop);
    Set<String> names = new HashSet<>();
    accepted.forEach(file -> names.add(new Path(file).getName()));
    int kept = 0;
    for (FileStatus file : fs.listStatus(dir)) {
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
    return date != null ? DayPointer.runDirectory(warehouse, table, date, runId)
        : new Path(warehouse, "_staging/" + runId + "/" + table.name() + "/" + partition);
  }
}
