package io.tracelake.jobs.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where each day stands, read from the warehouse's run reports and completion markers: what
 * {@code tracelake status} lists, and what a scheduler needs to know which days to run again.
 */
public final class RunHistory {

  /** A day's state. */
  public enum State {
    /** The completion marker is there: tables and aggregates written from every file. */
    COMPLETE,
    /** The last run wrote tables but the day is not complete: a file unreadable, aggregates not written. */
    PARTIAL,
    /** The last run failed. */
    FAILED,
    /** The last run found no file for a source that is not optional. */
    MISSING_INPUT,
    /** No run of the day has written a report. */
    NOT_RUN;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One day: its state and the report it comes from (the run the marker names, else the latest run;
   * null when the day was never run).
   */
  public record Day(LocalDate date, State state, RunReport report) {}

  private final String warehouse;
  private final Configuration hadoop;

  public RunHistory(String warehouse, Configuration hadoop) {
    this.warehouse = warehouse;
    this.hadoop = hadoop;
  }

  /** Every day from {@code from} to {@code to}, both included. */
  public List<Day> days(LocalDate from, LocalDate to) throws IOException {
    List<Day> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      days.add(day(day));
    }
    return days;
  }

  /** Every day that has run reports, in order. */
  public List<Day> days() throws IOException {
    Path runs = new Path(warehouse, "_runs");
    FileSystem fs = runs.getFileSystem(hadoop);
    TreeSet<LocalDate> dates = new TreeSet<>();
    if (fs.exists(runs)) {
      for (FileStatus status : fs.listStatus(runs)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && name.startsWith("dt=")) {
          try {
            dates.add(LocalDate.parse(name.substring(3)));
          } catch (DateTimeParseException e) {
            // not a day's directory: someone else's
          }
        }
      }
    }
    List<Day> days = new ArrayList<>();
    for (LocalDate date : dates) {
      days.add(day(date));
    }
    return days;
  }

  public Day day(LocalDate date) throws IOException {
    List<RunReport> reports = reports(date);
    Optional<String> complete = CompletionMarker.runId(warehouse, date, hadoop);
    if (complete.isPresent()) {
      RunReport named = reports.stream().filter(r -> complete.get().equals(r.runId())).findFirst()
          .orElse(reports.isEmpty() ? null : reports.get(reports.size() - 1));
      return new Day(date, State.COMPLETE, named);
    }
    if (reports.isEmpty()) {
      return new Day(date, State.NOT_RUN, null);
    }
    RunReport latest = reports.get(reports.size() - 1);
    RunReport.Outcome outcome = RunReport.Outcome.of(latest.outcome());
    State state = outcome == RunReport.Outcome.MISSING_INPUT ? State.MISSING_INPUT
        : outcome == RunReport.Outcome.FAILED || outcome == RunReport.Outcome.NOT_RECONCILED ? State.FAILED
        : State.PARTIAL;
    return new Day(date, state, latest);
  }

  /**
   * The day's reports, oldest first: by their start instant, which the run id carries only to the second
   * (two runs of a small day can start in the same second), then by run id.
   */
  private List<RunReport> reports(LocalDate date) throws IOException {
    Path dir = new Path(RunReport.directory(warehouse, date));
    FileSystem fs = dir.getFileSystem(hadoop);
    List<RunReport> reports = new ArrayList<>();
    if (!fs.exists(dir)) {
      return reports;
    }
    for (FileStatus status : fs.listStatus(dir)) {
      if (status.isFile() && status.getPath().getName().endsWith(".json")) {
        try (InputStream in = fs.open(status.getPath())) {
          reports.add(RunReport.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw new IOException(status.getPath() + " is not a run report: " + e.getMessage(), e);
        }
      }
    }
    reports.sort(Comparator.comparing((RunReport r) -> r.startedAt() == null ? Instant.MIN
        : Instant.parse(r.startedAt())).thenComparing(RunReport::runId));
    return reports;
  }
}
