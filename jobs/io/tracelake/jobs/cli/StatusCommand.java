package io.tracelake.jobs.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.RunHistory;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracelake status}: which days are done, from the run reports and completion markers; no Spark. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Lists each day with its state, read from the run reports and completion markers under "
        + "<warehouse>/_runs/: complete (the marker is there: tables and aggregates written), partial (tables "
        + "written, but a file was unreadable or the aggregates are missing), failed, missing_input (no file for a "
        + "source that is not optional), not_run; with the run id, lines, spans, traces and seconds of that run.",
        "Without --from/--to, every day that has a run report."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed (whatever the days' states)", "2:bad arguments or configuration"})
final class StatusCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE|URI",
      description = "The tracelake YAML config: a local file or any Hadoop URI.")
  String config;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "First day listed, with --to.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "Last day listed, included.")
  LocalDate to;

  @Option(names = "--json", description = "Print one JSON object ({\"days\": [...]}) instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if ((from == null) != (to == null)) {
      throw new IllegalArgumentException("give both --from and --to, or neither");
    }
    if (from != null && to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
    TracelakeConfig cfg = HadoopFiles.loadConfig(config);
    RunHistory history = new RunHistory(cfg.warehouse(), HadoopFiles.configuration(cfg));
    List<RunHistory.Day> days = from == null ? history.days() : history.days(from, to);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode summary = DaySummaries.JSON.createObjectNode();
      ArrayNode array = summary.putArray("days");
      days.forEach(day -> array.add(DaySummaries.json(day)));
      out.println(DaySummaries.JSON.writeValueAsString(summary));
    } else {
      out.println(DaySummaries.header());
      days.forEach(day -> out.println(DaySummaries.line(day, null)));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
