package io.tracelake.simulator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.tracelake.jobs.cli.DateConverter;
import io.tracelake.jobs.cli.ExitCodes;
import io.tracelake.jobs.cli.PluginCommand;
import io.tracelake.jobs.cli.SparkSessions;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.simulator.accuracy.AccuracyScorer;
import io.tracelake.simulator.accuracy.NaiveBaseline;
import io.tracelake.simulator.accuracy.RebuiltSpans;
import io.tracelake.simulator.accuracy.TruthFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracelake accuracy}: how close a day's rebuilt spans are to the generator's ground truth. */
@Command(name = "accuracy", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Scores a day's spans in the warehouse against the ground truth 'tracelake generate' wrote: "
        + "spans recovered, parent links right (truth = the nearest ancestor that logged), service-graph edges "
        + "precision, recall and F1, median error of span start and duration; beside them the same scores of a "
        + "naive baseline on the same spans (parent = the tightest enclosing span by time, else the latest span "
        + "that started before). Truth of another day than --date is refused (exit code 2)."})
public final class AccuracyCommand implements PluginCommand {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The tracelake YAML config.")
  Path config;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "Day to score, in UTC.")
  LocalDate date;

  @Option(names = "--truth", required = true, paramLabel = "DIR",
      description = "The truth directory the generator wrote (with spans.jsonl).")
  Path truth;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the scores as JSON here.")
  Path json;

  @Override
  public Integer call() throws Exception {
    TracelakeConfig cfg = ConfigLoader.load(config);
    List<AccuracyScorer.TruthSpan> truthSpans = TruthFiles.spans(truth, date); // refuses another day's truth
    boolean spanIds = TruthFiles.spanIdsLogged(truth);
    List<AccuracyScorer.RebuiltSpan> rebuilt;
    try (SparkSessions.Handle session = SparkSessions.open(cfg, "tracelake accuracy " + date)) {
      rebuilt = RebuiltSpans.read(session.spark(), cfg.warehouse(), date);
    }
    AccuracyScorer.Report report = AccuracyScorer.score(truthSpans, rebuilt, spanIds);
    AccuracyScorer.Report baseline = AccuracyScorer.score(truthSpans, NaiveBaseline.relink(rebuilt), spanIds);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%s: %,d truth spans, %,d counted (%s), %,d rebuilt%n", date, report.truthSpans(),
        report.countedSpans(), spanIds ? "every span that logged" : "handlings: SERVER and CONSUMER spans that logged",
        report.rebuiltSpans());
    out.printf(Locale.ROOT, "  spans recovered        %7.2f %%  (%,d; %,d rebuilt spans match nothing)%n",
        100 * report.spansRecovered(), report.recovered(), report.extraSpans());
    out.printf(Locale.ROOT, "                         tracelake   naive baseline (same spans; parent = tightest "
        + "enclosing span by time, else the latest that started before)%n");
    out.printf(Locale.ROOT, "  parent links right     %7.2f %%   %7.2f %%  (%,d and %,d of %,d)%n",
        100 * report.parentLinksRightShare(), 100 * baseline.parentLinksRightShare(), report.parentLinksRight(),
        baseline.parentLinksRight(), report.parentLinks());
    out.printf(Locale.ROOT, "  graph edges F1         %7.3f     %7.3f    (precision %.2f %% / %.2f %%, recall %.2f %% / "
        + "%.2f %%; %d and %d rebuilt, %d true)%n", report.edgeF1(), baseline.edgeF1(), 100 * report.edgePrecision(),
        100 * baseline.edgePrecision(), 100 * report.edgeRecall(), 100 * baseline.edgeRecall(), report.rebuiltEdges(),
        baseline.rebuiltEdges(), report.truthEdges());
    out.printf(Locale.ROOT, "  median error           start %,d µs, duration %,d µs%n", report.medianStartErrorUs(),
        report.medianDurationErrorUs());
    for (AccuracyScorer.WrongLink link : report.wrongLinks()) {
      out.printf(Locale.ROOT, "  wrong: trace %s span %s (%s %s): parent should be %s (%s), is %s (%s)%n",
          link.traceId(), link.spanId(), link.kind(), link.service(), link.expectedParent(),
          link.expectedParentService(), link.rebuiltParent(), link.rebuiltParentService());
    }
    out.flush();
    if (json != null) {
      Map<String, Object> scores = new LinkedHashMap<>();
      scores.put("date", date.toString());
      scores.put("span_ids_logged", spanIds);
      scores.put("report", report);
      scores.put("spans_recovered", report.spansRecovered());
      scores.put("parent_links_right", report.parentLinksRightShare());
      scores.put("edge_precision", report.edgePrecision());
      scores.put("edge_recall", report.edgeRecall());
      scores.put("edge_f1", report.edgeF1());
      scores.put("baseline", baseline);
      scores.put("baseline_parent_links_right", baseline.parentLinksRightShare());
      scores.put("baseline_edge_f1", baseline.edgeF1());
      Files.createDirectories(json.toAbsolutePath().getParent());
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .writerWithDefaultPrettyPrinter().writeValue(json.toFile(), scores);
    }
    return ExitCodes.OK;
  }
}
