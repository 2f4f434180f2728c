package io.tracelake.jobs.run;

import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.jobs.warehouse.FaultInjection;
import io.tracelake.jobs.warehouse.WarehouseWriter;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the nightly run that writes. {@link #keepAndCount}: of the files the tasks wrote, only those of the
 * attempts the driver accepted are kept (a failed or losing speculative attempt's are deleted), and the events'
 * and rejects' lines are counted from the files kept ({@link io.tracelake.jobs.warehouse.WrittenLines}: footers,
 * and the {@code line_count} column where a row group's lines vary), for the reconciliation. {@link #switchDay}: the day's
 * pointer names this run for every table at once; the run report and the completion marker follow it, and the
 * runs no reader sees any more are deleted.
 */
final class Commit {

  private static final Logger LOG = LoggerFactory.getLogger(Commit.class);

  private Commit() {}

  /** Rows and lines of the events and rejects tables as written: what the reconciliation compares. */
  record WrittenLines(long events, long eventLines, long rejects, long rejectLines) {
    long lines() {
      return eventLines + rejectLines;
    }
  }

  static WrittenLines keepAndCount(WarehouseWriter writer, ParseTotals parsed, RebuildResult rebuilt,
      Configuration hadoop) throws IOException {
    List<String> accepted = new ArrayList<>(parsed.acceptedFiles());
    accepted.addAll(rebuilt.files);
    for (Table table : Tables.NIGHTLY) {
      writer.keepOnly(table, accepted);
    }
    FaultInjection.pause(hadoop, "commit.kept");
    FaultInjection.dropCommittedFile(hadoop, Tables.EVENTS.name(), writer.stagingDir(Tables.EVENTS));
    io.tracelake.jobs.warehouse.WrittenLines events = io.tracelake.jobs.warehouse.WrittenLines.of(Tables.EVENTS,
        writer.stagingDir(Tables.EVENTS), hadoop);
    io.tracelake.jobs.warehouse.WrittenLines rejects = io.tracelake.jobs.warehouse.WrittenLines.of(Tables.REJECTS,
        writer.stagingDir(Tables.REJECTS), hadoop);
    FaultInjection.pause(hadoop, "commit.counted");
    return new WrittenLines(events.rows(), events.lines(), rejects.rows(), rejects.lines());
  }

  /**
   * Switches the day to this run and then, strictly after, publishes the report and (for a run that succeeded)
   * the completion marker: the previous run's marker goes first, so that no marker ever names a run the day is
   * not switched to. Returns the report as written.
   */
  static RunReport switchDay(WarehouseWriter writer, RunReport report, Configuration hadoop) throws IOException {
    List<Table> all = new ArrayList<>(Tables.NIGHTLY);
    all.addAll(Tables.AGGREGATES);
    CompletionMarker.clear(report.warehouse(), java.time.LocalDate.parse(report.date()), hadoop);
    FaultInjection.pause(hadoop, "commit.marker_removed");
    DayPointer pointer = writer.switchDay(all, () -> FaultInjection.pause(hadoop, "commit.pointer_staged"));
    FaultInjection.pause(hadoop, "commit.switched");
    report.writeTo(report.path(), hadoop);
    FaultInjection.pause(hadoop, "commit.reported");
    if (RunReport.Outcome.of(report.outcome()) == RunReport.Outcome.SUCCEEDED) {
      CompletionMarker.write(report, hadoop);
    }
    FaultInjection.pause(hadoop, "commit.marked");
    try {
      List<org.apache.hadoop.fs.Path> deleted = pointer.collectGarbage(report.warehouse(), all, hadoop);
      LOG.info("{}: switched to run {}; {} directories of earlier runs deleted", report.date(), report.runId(),
          deleted.size());
    } catch (IOException e) {
      // the day is switched and complete: what is left is unseen, and the next run of the day deletes it
      LOG.warn("{}: cannot delete the earlier runs of the day: {}", report.date(), e.toString());
    }
    FaultInjection.pause(hadoop, "commit.collected");
    return report;
  }
}
