package io.tracelake.jobs.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.simulator.accuracy.AccuracyScorer;
import io.tracelake.simulator.accuracy.NaiveBaseline;
import io.tracelake.simulator.accuracy.RebuiltSpans;
import io.tracelake.simulator.accuracy.TruthFiles;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.jobs.run.RunReport;
import io.tracelake.jobs.warehouse.WarehouseTables;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12's accuracy on every recorded test-bed day (real services, real agents, real loggers; the agents'
 * exported spans are the truth): tracelake at least as good as the naive baseline on the same spans, on parent
 * links and on the service graph's edge F1; no line lost and no real event dropped as a duplicate; and the
 * issue's targets (98 % of parent links right, edge F1 0.98) where they are met. Where a day misses a target,
 * the test holds a regression floor a little under the figure measured, NOT the target: bench/RESULTS.md names
 * the target, the figure and the rule that fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestbedAccuracyTest extends SparkTestBase {
  private static final Logger LOG = LoggerFactory.getLogger(TestbedAccuracyTest.class);
  private static final double PARENT_LINKS_TARGET = 0.98;
  private static final double EDGE_F1_TARGET = 0.98;
  /**
   * Regression floors, not targets, for the days that miss the parent-link target: none since 2026-12-03
   * (async-heavy 98.26 %, errors 99.28 %, mixed 99.55 %): every day is held to the target.
   */
  private static final Map<String, Double> PARENT_LINKS_FLOOR = Map.of();
  /**
   * Regression floors, not targets, for the edge F1 the days miss: none since the day's service calls (2026-12-03,
   * evening: async-heavy 0.923 -> 1.000, errors and mixed 1.000): every day is held to the target.
   */
  private static final Map<String, Double> EDGE_F1_FLOOR = Map.of();

  @TempDir
  Path work;

  static Stream<String> recordedDays() throws IOException, URISyntaxException {
    return TestbedDaysTest.recordedDays();
  }

  @ParameterizedTest
  @MethodSource("recordedDays")
  void tracelakeBeatsTheBaselineLosesNoEventAndHoldsTheTargetsOrTheirFloors(String name) throws Exception {
    Path dir = TestbedFixtures.copy(name, work);
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("truth/summary.json").toFile());
    LocalDate day = LocalDate.parse(summary.get("day").asText());
    TracelakeConfig config = ConfigLoader.load(dir.resolve("tracelake.yaml"));
    RunReport report = new NightlyJob(spark(), config).run(day);

    List<AccuracyScorer.TruthSpan> truth = TruthFiles.spans(dir.resolve("truth"), day);
    boolean spanIds = TruthFiles.spanIdsLogged(dir.resolve("truth"));
    List<AccuracyScorer.RebuiltSpan> rebuilt = RebuiltSpans.read(spark(), config.warehouse(), day);
    AccuracyScorer.Report ours = AccuracyScorer.score(truth, rebuilt, spanIds);
    AccuracyScorer.Report naive = AccuracyScorer.score(truth, NaiveBaseline.relink(rebuilt), spanIds);
    String figures = String.format(Locale.ROOT,
        "%s: parent links right %.2f %% (%d of %d), baseline %.2f %%; edge F1 %.3f (precision %.3f, recall %.3f), "
            + "baseline %.3f; spans recovered %.2f %%; wrong links, first ones: %s",
        name, 100 * ours.parentLinksRightShare(), ours.parentLinksRight(), ours.parentLinks(),
        100 * naive.parentLinksRightShare(), ours.edgeF1(), ours.edgePrecision(), ours.edgeRecall(), naive.edgeF1(),
        100 * ours.spansRecovered(), ours.wrongLinks().subList(0, Math.min(3, ours.wrongLinks().size())));
    LOG.info("{}", figures);

    // every line an event, and no real event dropped: the recorded days hold no re-shipped copies
    assertThat(report.counts().eventLines()).as("lines that are part of an event")
        .isEqualTo(report.counts().linesRead()).isEqualTo(summary.get("log_lines").asLong());
    assertThat(report.counts().rejects()).as("rejects").isZero();
    assertThat(report.rebuild().duplicateEvents()).as("events dropped as duplicates").isZero();

    assertThat(ours.parentLinks()).as(figures).isPositive();
    assertThat(ours.parentLinksRightShare()).as(figures)
        .isGreaterThanOrEqualTo(PARENT_LINKS_FLOOR.getOrDefault(name, PARENT_LINKS_TARGET));
    assertThat(ours.edgeF1()).as(figures).isGreaterThanOrEqualTo(EDGE_F1_FLOOR.getOrDefault(name, EDGE_F1_TARGET));
    assertThat(ours.parentLinksRightShare()).as(figures).isGreaterThanOrEqualTo(naive.parentLinksRightShare());
    assertThat(ours.edgeF1()).as(figures).isGreaterThanOrEqualTo(naive.edgeF1());

    // the day's dependency graph: every edge of the agents' spans (a server or consumer under a span of another
    // service), and no false edge beyond those of the wrong parent links counted above (none where F1 is 1)
    Set<String> truthEdges = truthEdges(truth);
    Set<String> graph = new TreeSet<>();
    for (Row row : WarehouseTables.read(spark(), config.warehouse(), Tables.DEPENDENCIES_DAILY, day)
        .select("parent", "child").collectAsList()) {
      graph.add(row.getString(0) + " -> " + row.getString(1));
    }
    assertThat(truthEdges).as("the agents' service edges").isNotEmpty();
    assertThat(graph).as(figures).containsAll(truthEdges);
    if (ours.edgeF1() == 1.0) {
      assertThat(graph).as(figures).isEqualTo(truthEdges);
    } else {
      assertThat(graph.size() - truthEdges.size()).as("false edges in dependencies_daily: %s", graph)
          .isLessThanOrEqualTo((int) (ours.rebuiltEdges() - ours.edgesRight()));
    }
  }

  /** Zipkin's edges of the truth: the service of a server or consumer span's parent, when another, calls it. */
  private static Set<String> truthEdges(List<AccuracyScorer.TruthSpan> truth) {
    Map<String, AccuracyScorer.TruthSpan> byId = new HashMap<>();
    truth.forEach(span -> byId.put(span.spanId(), span));
    Set<String> edges = new TreeSet<>();
    for (AccuracyScorer.TruthSpan span : truth) {
      AccuracyScorer.TruthSpan parent = span.parentSpanId() == null ? null : byId.get(span.parentSpanId());
      if (parent != null && !parent.service().equals(span.service())
          && ("SERVER".equals(span.kind()) || "CONSUMER".equals(span.kind()))) {
        edges.add(parent.service() + " -> " + span.service());
      }
    }
    return edges;
  }
}
