package io.tracelake.jobs.cli;

import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.jobs.run.RunReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracelake run}: the nightly job for one day. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Reads one day of the logs the config names, parses every line, rebuilds spans and traces, "
            + "and replaces that day's partition (dt=YYYY-MM-DD) of the events, rejects, spans and traces tables.",
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
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = ownSession ? newSession(cfg, day) : SparkSession.getDefaultSession().get();
    try {
      RunReport report = new NightlyJob(spark, cfg).run(day);
      if (reportCopy != null) {
        Files.writeString(reportCopy, report.toJson() + "\n", StandardCharsets.UTF_8);
      }
      printSummary(spec.commandLine().getOut(), report);
      if (!report.reconciled()) {
        spec.commandLine().getErr().println("tracelake: lines read (" + report.counts().linesRead()
            + ") differ from events + rejects; this is a bug, please report it with the run report");
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
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }

  private static SparkSession newSession(TracelakeConfig cfg, LocalDate day) {
    // SparkConf picks up spark.* system properties, which is how spark-submit passes its settings
    SparkConf conf = new SparkConf();
    conf.setIfMissing("spark.master", "local[*]");
    conf.setIfMissing("spark.app.name", "tracelake run " + day);
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.sql.shuffle.partitions",
          String.valueOf(Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));
    }
    cfg.spark().forEach(conf::set);
    return SparkSession.builder().config(conf).getOrCreate();
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
    out.printf(Locale.ROOT, "  tables: %s/{events,rejects,spans,traces}/dt=%s%n", report.warehouse(), report.date());
    out.printf(Locale.ROOT, "  report: %s/_runs/dt=%s/%s.json%n", report.warehouse(), report.date(), report.runId());
    out.flush();
  }
}
