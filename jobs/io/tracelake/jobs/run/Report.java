package io.tracelake.jobs.run;

import io.tracelake.jobs.warehouse.WarehouseWriter;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The run report of a day that wrote its tables: counts from the parse tasks' stats and the write-and-rebuild
 * tasks' results (nothing is read back), reconciled (lines read = lines of events + lines of rejects), written
 * under the warehouse's {@code _runs/}.
 */
final class Report {

  private Report() {}

  static RunReport write(TracelakeConfig config, LocalDate date, String runId, Instant started, ListInputs inputs,
      ParseTotals parsed, RebuildResult rebuilt, Map<String, Long> aggregates, Stages stages, List<String> warnings,
      Configuration hadoop) throws IOException {
    Map<String, String> tables = new LinkedHashMap<>();
    for (Table table : Tables.NIGHTLY) {
      tables.put(table.name(), WarehouseWriter.partitionPath(config.warehouse(), table, date).toString());
    }
    RunReport report = new RunReport(Version.current(), Tables.SCHEMA_VERSION, runId, date.toString(),
        started.toString(), Instant.now().toString(), config.file(), config.warehouse(),
        new RunReport.Counts(inputs.files().size(), inputs.splits().size(), inputs.inputBytes(),
            parsed.filesWithErrors(), parsed.linesRead(), parsed.events(), parsed.eventLines(),
            parsed.eventsWithTraceId(), parsed.rejects(), parsed.rejectLines(), parsed.rejectsByReason(),
            rebuilt.spans, rebuilt.traces), rebuilt.rebuild(),
        parsed.linesRead() == parsed.eventLines() + parsed.rejectLines(),
        parsed.files(), stages.times(), tables, RunReport.Outcome.TABLES_WRITTEN.key(), null,
        List.copyOf(warnings), aggregates);
    report.writeTo(report.path(), hadoop);
    return report;
  }
}
