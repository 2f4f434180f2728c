package io.tracelake.jobs.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracelake.model.schema.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code <warehouse>/_runs/dt=<day>/_CURRENT}: which run's directory is the day of each table
 * ({@code <table>/dt=<day>/<run id>/}). Every run writes its tables' days under its own run id; replacing this one
 * small file is the one step that switches a day, all tables at once (model/SCHEMA.md, "Commit"). A table the
 * pointer does not name is read from its files directly under {@code <table>/dt=<day>/}, as schema 6 and earlier
 * wrote them.
 *
 * @param date the day
 * @param runs the run id whose directory holds the day of each table, by table name
 * @param switchedBy the run that wrote this pointer
 * @param switchedAt when (ISO-8601 instant)
 */
public record DayPointer(LocalDate date, Map<String, String> runs, String switchedBy, String switchedAt) {

  public static final String NAME = "_CURRENT";
  private static final ObjectMapper JSON = new ObjectMapper();

  public DayPointer {
    runs = Map.copyOf(runs);
  }

  /** {@code <warehouse>/_runs/dt=<day>/_CURRENT}. */
  public static Path path(String warehouse, LocalDate date) {
    return new Path(warehouse, "_runs/" + Table.PARTITION_COLUMN + "=" + date + "/" + NAME);
  }

  /** The directory a run writes a table's day in: {@code <warehouse>/<table>/dt=<day>/<run id>}. */
  public static Path runDirectory(String warehouse, Table table, LocalDate date, String runId) {
    return new Path(dayDirectory(warehouse, table, date), runId);
  }

  /** {@code <warehouse>/<table>/dt=<day>}: the run directories of the day, or (schema 6 and earlier) its files. */
  public static Path dayDirectory(String warehouse, Table table, LocalDate date) {
    return new Path(warehouse, table.name() + "/" + Table.PARTITION_COLUMN + "=" + date);
  }

  /** The day's pointer, or empty when no run of the day has switched it (a day never run, or an older layout). */
  public static Optional<DayPointer> read(String warehouse, LocalDate date, Configuration hadoop) throws IOException {
    Path path = path(warehouse, date);
    FileSystem fs = path.getFileSystem(hadoop);
    byte[] bytes;
    try (InputStream in = fs.open(path)) {
      bytes = in.readAllBytes();
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException(path + " is not a day pointer (" + e.getMessage() + "); it is only ever replaced whole, "
          + "so something else wrote it: restore it from the run reports beside it or re-run the day", e);
    }
    Map<String, String> runs = new LinkedHashMap<>();
    node.path("tables").fields().forEachRemaining(e -> runs.put(e.getKey(), e.getValue().asText()));
    return Optional.of(new DayPointer(LocalDate.parse(node.path("date").asText()), runs,
        node.path("switched_by").asText(null), node.path("switched_at").asText(null)));
  }

  /**
   * The directory that holds the current files of a table's day: the run directory the pointer names, else the
   * day directory itself (a day written by schema 6 or earlier); null when the day has no files of the table that
   * a reader may see (never run, or only a run still writing or one that died).
   */
  public static Path partition(String warehouse, Table table, LocalDate date, Configuration hadoop) {
    try {
      Optional<DayPointer> pointer = read(warehouse, date, hadoop);
      if (pointer.isPresent() && pointer.get().runs().containsKey(table.name())) {
        return runDirectory(warehouse, table, date, pointer.get().runs().get(table.name()));
      }
      Path day = dayDirectory(warehouse, table, date);
      FileSystem fs = day.getFileSystem(hadoop);
      return fs.exists(day) && fs.listStatus(day, DayPointer::isDataFile).length > 0 ? day : null;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the day " + date + " of " + table.name() + " in "
          + warehouse + ": " + e.getMessage(), e);
    }
  }

  /** The current Parquet files of a table's day (see {@link #partition}), in name order; empty when none. */
  public static List<Path> files(String warehouse, Table table, LocalDate date, Configuration hadoop) {
    Path dir = partition(warehouse, table, date, hadoop);
    if (dir == null) {
      return List.of();
    }
    try {
      return TableFiles.parquetFiles(dir, hadoop);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** This pointer with the given tables' days switched to {@code runId}'s directories. */
  public static DayPointer switched(Optional<DayPointer> previous, LocalDate date, Iterable<Table> tables,
      String runId, String at) {
    Map<String, String> runs = new LinkedHashMap<>(previous.map(DayPointer::runs).orElse(Map.of()));
    tables.forEach(table -> runs.put(table.name(), runId));
    return new DayPointer(date, runs, runId, at);
  }

  /**
   * Replaces the day's pointer in one atomic step ({@link AtomicFile}: written beside it, then renamed over it; on
   * an object store one PUT). {@code beforeSwitch} runs between the two (a test pauses there).
   */
  public void write(String warehouse, Configuration hadoop, Runnable beforeSwitch) throws IOException {
    ObjectNode node = JSON.createObjectNode().put("date", date.toString()).put("switched_by", switchedBy)
        .put("switched_at", switchedAt);
    ObjectNode tables = node.putObject("tables");
    new java.util.TreeMap<>(runs).forEach(tables::put);
    byte[] bytes = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    AtomicFile.write(path(warehouse, date), bytes, hadoop, beforeSwitch);
  }

  /**
   * Deletes what no reader can see any more from the days of the given tables: every run directory the pointer
   * does not name (earlier runs, runs that died) and the files of the older layout. Only under the day's lock: a
   * run directory of a run still writing would look the same.
   */
  public List<Path> collectGarbage(String warehouse, Iterable<Table> tables, Configuration hadoop)
      throws IOException {
    List<Path> deleted = new ArrayList<>();
    // temporary files of a run killed while it replaced the pointer, a report or the marker (AtomicFile)
    Path reports = path(warehouse, date).getParent();
    FileSystem runsFs = reports.getFileSystem(hadoop);
    for (FileStatus temp : runsFs.listStatus(reports, p -> p.getName().startsWith(".") && p.getName().endsWith(".tmp"))) {
      runsFs.delete(temp.getPath(), false);
      deleted.add(temp.getPath());
    }
    for (Table table : tables) {
      String current = runs.get(table.name());
      if (current == null) {
        continue;
      }
      Path day = dayDirectory(warehouse, table, date);
      FileSystem fs = day.getFileSystem(hadoop);
      if (!fs.exists(day)) {
        continue;
      }
      for (FileStatus child : fs.listStatus(day)) {
        if (!child.getPath().getName().equals(current)) {
          fs.delete(child.getPath(), true);
          deleted.add(child.getPath());
        }
      }
    }
    return deleted;
  }

  /** A table's file in a day directory of the older layout (not a run directory, not a hidden or marker file). */
  private static boolean isDataFile(Path path) {
    return path.getName().endsWith(".parquet");
  }
}
