package io.tracelake.jobs.run;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run report of a day that wrote its tables: counts from the parse tasks' stats and the write-and-rebuild
 * tasks' results, reconciled against the lines counted in the written events and rejects files, and how the run
 * ends: {@code succeeded}, {@code input_errors} (a file not readable to its end) or {@code not_reconciled}. Written
 * under the warehouse's {@code _runs/} by the commit, with the switch.
 */
final class Report {

  private Report() {}

  static RunReport of(TracelakeConfig config, LocalDate date, String runId, Instant started, ListInputs inputs,
      ParseTotals parsed, RebuildResult rebuilt, Map<String, Long> aggregates, Commit.WrittenLines written,
      Stages stages, List<String> warnings) {
    Map<String, String> tables = new LinkedHashMap<>();
    for (Table table : Tables.NIGHTLY) {
      tables.put(table.name(), DayPointer.runDirectory(config.warehouse(), table, date, runId).toString());
    }
    boolean reconciled = parsed.linesRead() == written.lines();
    RunReport.Outcome outcome = RunReport.Outcome.SUCCEEDED;
    String error = null;
    if (!reconciled) {
      outcome = RunReport.Outcome.NOT_RECONCILED;
      error = "lines read (" + parsed.linesRead() + ") differ from the lines in the written events and rejects "
          + "tables (" + written.eventLines() + " + " + written.rejectLines() + " = " + written.lines()
          + "); the day keeps its previous run. This is a bug, please report it with the run report";
    } else if (parsed.filesWithErrors() > 0) {
      List<String> unread = new ArrayList<>();
      for (RunReport.FileReport file : parsed.files()) {
        if (file.error() != null) {
          unread.add(file.file() + ": " + file.error() + " (" + file.lines() + " lines read before it)");
        }
      }
      outcome = RunReport.Outcome.INPUT_ERRORS;
      error = unread.size() + " files not readable to their end: " + String.join("; ", unread);
    }
    return new RunReport(Version.current(), Tables.SCHEMA_VERSION, runId, date.toString(),
        started.toString(), Instant.now().toString(), config.file(), config.warehouse(),
        new RunReport.Counts(inputs.files().size(), inputs.splits().size(), inputs.inputBytes(),
            parsed.filesWithErrors(), parsed.linesRead(), parsed.events(), parsed.eventLines(),
            parsed.eventsWithTraceId(), parsed.rejects(), parsed.rejectLines(), parsed.rejectsByReason(),
            rebuilt.spans, rebuilt.traces), rebuilt.rebuild(parsed.serviceCalls()), reconciled,
        parsed.files(), stages.times(), tables, outcome.key(), error, List.copyOf(warnings), aggregates,
        new RunReport.Reconciliation(parsed.linesRead(), written.lines(), written.eventLines(),
            written.rejectLines(), written.events(), written.rejects()),
        new RunReport.Redaction(mode(config), parsed.redactedByRule(), parsed.redactedEntries()));
  }

  /** The sources' redaction mode, or {@code mixed} when they differ. */
  private static String mode(TracelakeConfig config) {
    java.util.Set<String> modes = new java.util.TreeSet<>();
    config.sources().forEach(source -> modes.add(config.redactionFor(source.name()).mode()));
    return modes.size() == 1 ? modes.iterator().next() : "mixed";
  }
}
