package io.tracelake.jobs.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracelake.jobs.config.ConfigException;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.InputException;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.jobs.run.RunHistory;
import io.tracelake.jobs.run.RunReport;
import io.tracelake.jobs.warehouse.DayLock;
import io.tracelake.model.schema.Tables;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracelake run}: the nightly job for one day, or for each day of a range in order. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Reads one day of the logs the config names, parses every line, rebuilds spans and traces, computes the "
            + "day's aggregates, and replaces that day (dt=YYYY-MM-DD) of every table in one step, by switching the "
            + "day's pointer <warehouse>/_runs/dt=YYYY-MM-DD/_CURRENT to this run; then it writes the report and the "
            + "completion marker <warehouse>/_runs/dt=YYYY-MM-DD/_COMPLETE, the file a scheduler's sensor waits for.",
        "One run of a day at a time: a second one is refused (exit code 5) while the first holds the day's lock.",
        "With --from and --to it runs every day of the range in order, in one Spark session, and ends with one "
            + "line per day. Every run writes a report under <warehouse>/_runs/, a failed one included.",
        "Runs on embedded Spark (local[*]) unless launched by spark-submit, whose master it then uses."},
    exitCodeListHeading = "%nExit codes (of the first day that did not complete, for a range):%n",
    exitCodeList = {"0:every day complete", "1:the job failed; see the log", "2:bad arguments or configuration",
        "3:input problem: no file for a source that is not optional, or a file not readable to its end",
        "5:another run of the day holds its lock; nothing done",
        "6:the written tables do not hold every line read (not reconciled); the day keeps its previous run"})
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE|URI",
      description = "The tracelake YAML config: a local file or any Hadoop URI (hdfs://, s3a://, file://).")
  String config;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "Day to process, in UTC. Default: yesterday.")
  LocalDate date;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "First day of a range to process (a backfill), with --to.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "Last day of the range, included.")
  LocalDate to;

  @Option(names = "--last", paramLabel = "N",
      description = "The N days up to yesterday, oldest first, for schedulers that cannot template a date: --last 2 "
          + "runs the day before yesterday again (its traces across midnight are whole once yesterday's logs are "
          + "there) and then yesterday.")
  Integer last;

  @Option(names = "--keep-going",
      description = "In a range, go on with the next day after a day fails; without it the run stops there.")
  boolean keepGoing;

  @Option(names = "--report", paramLabel = "FILE|URI",
      description = "Also write the run report (JSON) here; it is always written under <warehouse>/_runs/.")
  String reportCopy;

  @Option(names = "--force-unlock",
      description = "Take the day's lock (<warehouse>/_runs/dt=<day>/_LOCK) from the run that holds it: only when "
          + "that run is known to be gone (a lock of a process gone on this host is taken over without it).")
  boolean forceUnlock;

  @Option(names = "--json",
      description = "Print the summary as one JSON object on standard output, and nothing else there.")
  boolean json;

  /** How one day's run ended. */
  private record DayResult(RunHistory.Day day, int exitCode, String note) {}

  @Override
  public Integer call() throws Exception {
    List<LocalDate> days = days();
    if (reportCopy != null && days.size() > 1) {
      throw new IllegalArgumentException("--report names one file; with --from/--to every day's report is under "
          + "<warehouse>/_runs/dt=<day>/");
    }
    if (reportCopy != null && !HadoopFiles.isUri(reportCopy)) {
      // found out after the run, a bad path would fail a day whose tables are all written
      java.nio.file.Path parent = java.nio.file.Path.of(reportCopy).toAbsolutePath().getParent();
      if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
        throw new IllegalArgumentException("--report " + reportCopy + ": directory " + parent + " does not exist");
      }
    }
    TracelakeConfig cfg = HadoopFiles.loadConfig(config);
    PrintWriter out = spec.commandLine().getOut();
    List<DayResult> results = new ArrayList<>();
    String name = days.size() == 1 ? "tracelake run " + days.get(0) : "tracelake run " + from + ".." + to;
    try (SparkSessions.Handle session = SparkSessions.open(cfg, name)) {
      boolean stopped = false;
      for (LocalDate day : days) {
        if (stopped) {
          results.add(new DayResult(new RunHistory.Day(day, RunHistory.State.NOT_RUN, null), ExitCodes.OK,
              "skipped: an earlier day failed (--keep-going runs the days after a failure)"));
          continue;
        }
        DayResult result = runDay(session.spark(), cfg, day);
        results.add(result);
        stopped = result.exitCode() != ExitCodes.OK && !keepGoing;
      }
    }
    int exitCode = results.stream().mapToInt(DayResult::exitCode).filter(code -> code != ExitCodes.OK).findFirst()
        .orElse(ExitCodes.OK);
    if (json) {
      ObjectNode summary = DaySummaries.JSON.createObjectNode();
      summary.put("exit_code", exitCode);
      ArrayNode array = summary.putArray("days");
      for (DayResult result : results) {
        array.add(DaySummaries.json(result.day()).put("exit_code", result.exitCode()));
      }
      out.println(DaySummaries.JSON.writeValueAsString(summary));
    } else if (days.size() > 1) {
      out.println(DaySummaries.header());
      results.forEach(result -> out.println(DaySummaries.line(result.day(), result.note())));
    }
    out.flush();
    return exitCode;
  }

  private List<LocalDate> days() {
    int ways = (date != null ? 1 : 0) + (from != null || to != null ? 1 : 0) + (last != null ? 1 : 0);
    if (ways > 1) {
      throw new IllegalArgumentException("give one of --date, --from/--to or --last");
    }
    if (last != null) {
      if (last < 1) {
        throw new IllegalArgumentException("--last must be at least 1, was " + last);
      }
      LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
      from = yesterday.minusDays(last - 1L);
      to = yesterday;
      return from.datesUntil(to.plusDays(1)).toList();
    }
    if ((from == null) != (to == null)) {
      throw new IllegalArgumentException("give both --from and --to");
    }
    if (from == null) {
      return List.of(date != null ? date : LocalDate.now(ZoneOffset.UTC).minusDays(1));
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
    return from.datesUntil(to.plusDays(1)).toList();
  }

  /**
   * One day: the run writes the nightly tables and the aggregates, switches the day to them, then writes its report
   * and, when it succeeded, the completion marker. A failure of the day is reported and returned, not thrown: the
   * next day of a range may still run. A config error is thrown, as it fails every day alike.
   */
  private DayResult runDay(SparkSession spark, TracelakeConfig cfg, LocalDate day) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunHistory history = new RunHistory(cfg.warehouse(), hadoop);
    RunReport report;
    try {
      report = new NightlyJob(spark, cfg, forceUnlock).run(day);
    } catch (ConfigException e) {
      throw e;
    } catch (InputException e) {
      err.println("tracelake: " + e.getMessage());
      return new DayResult(history.day(day), ExitCodes.INPUT, null);
    } catch (DayLock.LockedException e) {
      err.println("tracelake: " + e.getMessage());
      return new DayResult(history.day(day), ExitCodes.DAY_LOCKED, "refused: " + e.getMessage());
    } catch (Exception e) {
      return failed(history.day(day), e);
    }
    if (!json) {
      printSummary(out, report);
      Map<String, Long> aggregates = report.aggregates();
      double seconds = report.stages().stream().filter(s -> s.stage().equals("aggregate"))
          .mapToDouble(RunReport.StageTime::seconds).sum();
      out.printf(Locale.ROOT, "  aggregates: %,d operations, %,d dependency edges, %,d error classes in %.1f s%n",
          aggregates.get(Tables.SERVICE_OPERATIONS_DAILY.name()), aggregates.get(Tables.DEPENDENCIES_DAILY.name()),
          aggregates.get(Tables.ERRORS_DAILY.name()), seconds);
      out.flush();
    }
    RunReport.Outcome outcome = RunReport.Outcome.of(report.outcome());
    int exitCode = ExitCodes.OK;
    if (outcome == RunReport.Outcome.NOT_RECONCILED) {
      err.println("tracelake: " + report.error());
      exitCode = ExitCodes.NOT_RECONCILED;
    } else if (outcome == RunReport.Outcome.INPUT_ERRORS) {
      for (RunReport.FileReport file : report.inputs()) {
        if (file.error() != null) {
          err.println("tracelake: " + file.file() + ": " + file.error() + " (" + file.lines()
              + " lines read before it)");
        }
      }
      exitCode = ExitCodes.INPUT;
    }
    if (reportCopy != null) {
      HadoopFiles.writeString(reportCopy, report.toJson() + "\n");
    }
    RunHistory.State state = outcome == RunReport.Outcome.SUCCEEDED ? RunHistory.State.COMPLETE
        : outcome == RunReport.Outcome.INPUT_ERRORS ? RunHistory.State.PARTIAL : RunHistory.State.FAILED;
    return new DayResult(new RunHistory.Day(day, state, report), exitCode, null);
  }

  private DayResult failed(RunHistory.Day day, Exception e) {
    LOG.error("run {} failed", day.date(), e);
    spec.commandLine().getErr().println("tracelake: run " + day.date() + " failed: " + TracelakeCommand.rootMessage(e)
        + " (stack trace in the log above)");
    return new DayResult(day, ExitCodes.JOB_FAILED, null);
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
    RunReport.Rebuild r = report.rebuild();
    out.printf(Locale.ROOT, "  rebuilt: %,d spans inferred, %,d traces skew-corrected, %,d duplicate lines dropped, "
            + "%,d synthetic roots, %,d orphan spans, %,d truncated traces; margins %,d events, %,d traces left to "
            + "their own day%n", r.inferredSpans(), r.skewAdjustedTraces(), r.duplicateEvents(), r.syntheticRoots(),
        r.orphanSpans(), r.truncatedTraces(), r.marginEvents(), r.tracesOfNeighbourDays());
    RunReport.Redaction redaction = report.redaction();
    if (redaction != null) {
      out.printf(Locale.ROOT, "  redaction (%s): %,d values replaced in %,d entries%s%n", redaction.mode(),
          redaction.byRule().values().stream().mapToLong(Long::longValue).sum(), redaction.entriesChanged(),
          redaction.byRule().isEmpty() ? "" : redaction.byRule().entrySet().stream()
              .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ", " (", ")")));
    }
    report.warnings().forEach(warning -> out.printf(Locale.ROOT, "  warning: %s%n", warning));
    out.printf(Locale.ROOT, "  tables: %s/{events,rejects,spans,traces}/dt=%s/%s%n", report.warehouse(), report.date(),
        report.runId());
    out.printf(Locale.ROOT, "  report: %s%n", report.path());
    out.flush();
  }
}
