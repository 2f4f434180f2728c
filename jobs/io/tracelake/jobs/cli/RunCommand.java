package io.tracelake.jobs.cli;

import io.tracelake.jobs.aggregate.AggregateJob;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.jobs.run.RunReport;
import io.tracelake.model.schema.Tables;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracelake run}: the nightly job for one day. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Reads one day of the logs the config names, parses every line, rebuilds spans and traces, "
            + "and replaces that day's partition (dt=YYYY-MM-DD) of the events, rejects, spans and traces tables; "
            + "then computes the day's aggregates (see 'tracelake aggregate').",
        "Runs on embedded Spark (local[*]) unless launched by spark-submit, whose master it then uses."})
final class RunCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The tracelake YAML config.")
  Path config;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "Day to process, in UTC. Default: yesterday.")
  LocalDate date;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Also write the run report (JSON) here; it is always written under <warehouse>/_runs/.")
  Path reportCopy;

  @Override
  public Integer call() throws Exception {
    TracelakeConfig cfg = ConfigLoader.load(config);
    LocalDate day = date != null ? date : LocalDate.now(ZoneOffset.UTC).minusDays(1);
    try (SparkSessions.Handle session = SparkSessions.open(cfg, "tracelake run " + day)) {
      RunReport report = new NightlyJob(session.spark(), cfg).run(day);
      if (reportCopy != null) {
        Files.writeString(reportCopy, report.toJson() + "\n", StandardCharsets.UTF_8);
      }
      printSummary(spec.commandLine().getOut(), report);
      // the last stage: the aggregates read the spans just committed
      long started = System.nanoTime();
      java.util.Map<String, Long> aggregates = new AggregateJob(session.spark(), cfg).run(day);
      spec.commandLine().getOut().printf(Locale.ROOT, "  aggregates: %,d operations, %,d dependency edges, %,d error "
              + "classes in %.1f s%n", aggregates.get(Tables.SERVICE_OPERATIONS_DAILY.name()),
          aggregates.get(Tables.DEPENDENCIES_DAILY.name()), aggregates.get(Tables.ERRORS_DAILY.name()),
          (System.nanoTime() - started) / 1e9);
      spec.commandLine().getOut().flush();
      if (!report.reconciled()) {
        spec.commandLine().getErr().println("tracelake: lines read (" + report.counts().linesRead()
            + ") differ from the lines of events and rejects; this is a bug, please report it with the run report");
        return ExitCodes.JOB_FAILED;
      }
      if (report.counts().filesWithErrors() > 0) {
        for (RunReport.FileReport file : report.inputs()) {
          if (file.error() != null) {
            spec.commandLine().getErr().println("tracelake: " + file.file() + ": " + file.error()
                + " (" + file.lines() + " lines read before it)");
          }
        }
        return ExitCodes.INPUT;
      }
      return ExitCodes.OK;
    }
  }

  static void printSummary(PrintWriter out, RunReport report) {
    RunReport.Counts c = report.counts();
    double seconds = report.stages().stream().mapToDouble(RunReport.StageTime::seconds).sum();
    String reasons = c.rejectsByReason().isEmpty() ? ""
        : c.rejectsByReason().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ", " (", ")"));
    out.printf(Locale.ROOT, "tracelake run %s: %,d lines in %,d files -> %,d events, %,d rejects%s%n",
        report.date(), c.linesRead(), c.inputFiles(), c.events(), c.rejects(), reasons);
    out.printf(Locale.ROOT, "  %,d traces, %,d spans in %.1f s (%,.0f lines/s)%n", c.traces(), c.spans(), seconds,
        seconds > 0 ? c.linesRead() / seconds : 0.0);
    RunReport.Reconstruction r = report.reconstruction();
    out.printf(Locale.ROOT, "  rebuilt: %,d spans inferred, %,d traces skew-corrected, %,d duplicate lines dropped, "
            + "%,d synthetic roots, %,d orphan spans, %,d truncated traces; margins %,d events, %,d traces left to "
            + "their own day%n", r.inferredSpans(), r.skewAdjustedTraces(), r.duplicateEvents(), r.syntheticRoots(),
        r.orphanSpans(), r.truncatedTraces(), r.marginEvents(), r.tracesOfNeighbourDays());
    out.printf(Locale.ROOT, "  tables: %s/{events,rejects,spans,traces}/dt=%s%n", report.warehouse(), report.date());
    out.printf(Locale.ROOT, "  report: %s/_runs/dt=%s/%s.json%n", report.warehouse(), report.date(), report.runId());
    out.flush();
  }
}
