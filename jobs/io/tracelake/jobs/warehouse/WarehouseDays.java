package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code dt=} partitions of a table that a reader sees in the warehouse: days whose pointer names a run of the
 * table, or (schema 6 and earlier) whose directory holds its files; a day only a run still writing has is not one.
 */
public final class WarehouseDays {
  private WarehouseDays() {}

  /** The days of {@code table} between {@code from} and {@code to} (both included; null: open), oldest first. */
  public static List<LocalDate> of(Configuration hadoop, String warehouse, Table table, LocalDate from, LocalDate to) {
    Path root = new Path(warehouse, table.name());
    Set<LocalDate> days = new TreeSet<>();
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) {
        return List.of();
      }
      for (FileStatus status : fs.listStatus(root)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && name.startsWith(Table.PARTITION_COLUMN + "=")) {
          LocalDate day = parseDay(name.substring(Table.PARTITION_COLUMN.length() + 1));
          if (day != null && (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to))
              && DayPointer.partition(warehouse, table, day, hadoop) != null) {
            days.add(day);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return List.copyOf(days);
  }

  /** A partition name's day, or null for a directory that is not one (a stray {@code dt=tmp}). */
  private static LocalDate parseDay(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
