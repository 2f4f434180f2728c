package io.tracelake.jobs.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.jobs.accuracy.AccuracyScorer;
import io.tracelake.jobs.accuracy.NaiveBaseline;
import io.tracelake.jobs.accuracy.RebuiltSpans;
import io.tracelake.jobs.accuracy.TruthFiles;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12's targets on every recorded test-bed day (real services, real agents, real loggers; the agents'
 * exported spans are the truth): at least 98 % of parent links right, a service graph with an edge F1 of at
 * least 0.98, and tracelake at least as good as the naive baseline on the same spans on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestbedAccuracyTest extends SparkTestBase {
  private static final Logger LOG = LoggerFactory.getLogger(TestbedAccuracyTest.class);
  private static final double PARENT_LINKS_TARGET = 0.98;
  private static final double EDGE_F1_TARGET = 0.98;

  @TempDir
  Path work;

  static Stream<String> recordedDays() throws IOException, URISyntaxException {
    return TestbedDaysTest.recordedDays();
  }

  @ParameterizedTest
  @MethodSource("recordedDays")
  void tracelakeMeetsTheTargetsAndBeatsTheBaseline(String name) throws Exception {
    Path dir = TestbedFixtures.copy(name, work);
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("truth/summary.json").toFile());
    LocalDate day = LocalDate.parse(summary.get("day").asText());
    TracelakeConfig config = ConfigLoader.load(dir.resolve("tracelake.yaml"));
    new NightlyJob(spark(), config).run(day);

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

    assertThat(ours.parentLinks()).as(figures).isPositive();
    assertThat(ours.parentLinksRightShare()).as(figures).isGreaterThanOrEqualTo(PARENT_LINKS_TARGET);
    assertThat(ours.edgeF1()).as(figures).isGreaterThanOrEqualTo(EDGE_F1_TARGET);
    assertThat(ours.parentLinksRightShare()).as(figures).isGreaterThanOrEqualTo(naive.parentLinksRightShare());
    assertThat(ours.edgeF1()).as(figures).isGreaterThanOrEqualTo(naive.edgeF1());
  }
}
