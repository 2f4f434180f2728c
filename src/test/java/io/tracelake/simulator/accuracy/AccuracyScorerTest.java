package io.tracelake.simulator.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.simulator.accuracy.AccuracyScorer.RebuiltSpan;
import io.tracelake.simulator.accuracy.AccuracyScorer.Report;
import io.tracelake.simulator.accuracy.AccuracyScorer.TruthSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccuracyScorerTest {
  private static final String T = "t1";

  // gateway (skew +1000) -> client -> orders (silent) -> payments; email consumes
  private static final List<TruthSpan> TRUTH = List.of(
      new TruthSpan(T, "g", null, "gateway", "gateway-1", "SERVER", 0, 100_000, 1_000, "app"),
      new TruthSpan(T, "gc", "g", "gateway", "gateway-1", "CLIENT", 10_000, 90_000, 1_000, "app"),
      new TruthSpan(T, "o", "gc", "orders", "orders-1", "SERVER", 11_000, 89_000, -5_000, "none"),
      new TruthSpan(T, "oc", "o", "orders", "orders-1", "CLIENT", 20_000, 80_000, -5_000, "none"),
      new TruthSpan(T, "p", "oc", "payments", "payments-1", "SERVER", 21_000, 79_000, 0, "app"),
      new TruthSpan(T, "e", "g", "email", "email-1", "CONSUMER", 120_000, 130_000, 2_000, "app"));

  @Test
  void withSpanIdsEverySpanThatLoggedCountsAndParentsAreItsNearestLoggedAncestor() {
    List<RebuiltSpan> rebuilt = List.of(
        new RebuiltSpan(T, "g", null, "gateway", "gateway-1", 1_000, 101_000, 0),
        new RebuiltSpan(T, "gc", "g", "gateway", "gateway-1", 11_000, 91_000, 0),
        new RebuiltSpan(T, "p", "gc", "payments", "payments-1", 22_200, 80_200, 0),
        new RebuiltSpan(T, "e", "gc", "email", "email-1", 121_500, 131_500, -2_000)); // wrong parent

    Report report = AccuracyScorer.score(TRUTH, rebuilt, true);

    assertThat(report.countedSpans()).isEqualTo(4);
    assertThat(report.recovered()).isEqualTo(4);
    assertThat(report.parentLinks()).isEqualTo(4);
    assertThat(report.parentLinksRight()).isEqualTo(3);
    // truth edges: gateway -> payments, gateway -> email; both rebuilt
    assertThat(report.truthEdges()).isEqualTo(2);
    assertThat(report.edgesRight()).isEqualTo(2);
    assertThat(report.edgePrecision()).isEqualTo(1.0);
    assertThat(report.medianStartErrorUs()).isEqualTo(200);
    assertThat(report.medianDurationErrorUs()).isZero();
  }

  @Test
  void aServiceWhoseLinesCarriedOnlyTheRequestIdCountsOnlyItsHandlingsOnADayWithSpanIds() {
    List<TruthSpan> truth = List.of(
        new TruthSpan(T, "g", null, "gateway", "gateway-1", "SERVER", 0, 100_000, 0, "app"),
        // a worker that shares only the request id: its handling counts, its own work folds into it
        new TruthSpan(T, "w", "g", "worker", "worker-1", "CONSUMER", 200_000, 260_000, 0, "app", false),
        new TruthSpan(T, "wi", "w", "worker", "worker-1", "INTERNAL", 201_000, 250_000, 0, "app", false),
        new TruthSpan(T, "s", "wi", "shipping", "shipping-1", "SERVER", 210_000, 240_000, 0, "app"));
    List<RebuiltSpan> rebuilt = List.of(
        new RebuiltSpan(T, "g", null, "gateway", "gateway-1", 0, 100_000, 0),
        new RebuiltSpan(T, "h1", "g", "worker", "worker-1", 200_000, 260_000, 0), // the worker's handling
        new RebuiltSpan(T, "s", "h1", "shipping", "shipping-1", 210_000, 240_000, 0));

    Report report = AccuracyScorer.score(truth, rebuilt, true);

    assertThat(report.countedSpans()).isEqualTo(3); // g, w, s: not wi, whose lines named no span
    assertThat(report.recovered()).isEqualTo(3);
    assertThat(report.parentLinksRight()).isEqualTo(3); // s under the handling its caller's work folded into
    assertThat(AccuracyScorer.score(truth.subList(0, 3), rebuilt.subList(0, 2), true).countedSpans()).isEqualTo(2);
  }

  @Test
  void withRequestIdsOnlyHandlingsAreMatchedByInstanceAndHostTime() {
    List<RebuiltSpan> rebuilt = List.of(
        new RebuiltSpan(T, "x1", null, "gateway", "gateway-1", 1_000, 101_000, 0),
        // payments logged at true 21 ms (skew 0); moved by +1 ms onto the root's clock
        new RebuiltSpan(T, "x2", "x1", "payments", "payments-1", 22_000, 80_000, 1_000),
        new RebuiltSpan(T, "x3", null, "email", "email-1", 122_000, 132_000, 0),
        new RebuiltSpan(T, "x4", "x1", "billing", "billing-1", 30_000, 40_000, 0)); // invented

    Report report = AccuracyScorer.score(TRUTH, rebuilt, false);

    assertThat(report.countedSpans()).isEqualTo(3); // g, p, e: handlings that logged
    assertThat(report.recovered()).isEqualTo(3);
    assertThat(report.extraSpans()).isEqualTo(1);
    assertThat(report.parentLinksRight()).isEqualTo(2); // email lost its parent
    assertThat(report.spansRecovered()).isEqualTo(1.0);
    assertThat(report.edgeRecall()).isEqualTo(0.5);
    assertThat(report.edgePrecision()).isEqualTo(0.5); // gateway -> billing is not a true edge
  }

  @Test
  void theNaiveBaselineTakesTheTightestEnclosingSpanElseTheLatestThatStartedBefore() {
    List<RebuiltSpan> rebuilt = List.of(
        new RebuiltSpan(T, "g", null, "gateway", "gateway-1", 0, 100_000, 0),
        new RebuiltSpan(T, "gc", "g", "gateway", "gateway-1", 10_000, 90_000, 0),
        // payments' clock put it outside its caller's client span: time alone hangs it under the gateway
        new RebuiltSpan(T, "p", "gc", "payments", "payments-1", 5_000, 95_000, 0),
        new RebuiltSpan(T, "e", "g", "email", "email-1", 120_000, 130_000, 0));

    List<RebuiltSpan> naive = NaiveBaseline.relink(rebuilt);

    assertThat(naive).extracting(RebuiltSpan::spanId, RebuiltSpan::parentSpanId).containsExactlyInAnyOrder(
        org.assertj.core.api.Assertions.tuple("g", null), org.assertj.core.api.Assertions.tuple("p", "g"),
        org.assertj.core.api.Assertions.tuple("gc", "p"), org.assertj.core.api.Assertions.tuple("e", "gc"));
    Report ours = AccuracyScorer.score(TRUTH, rebuilt, true);
    Report baseline = AccuracyScorer.score(TRUTH, naive, true);
    assertThat(ours.parentLinksRight()).isEqualTo(4);
    assertThat(baseline.parentLinksRight()).isEqualTo(1); // only the root
    assertThat(ours.edgeF1()).isEqualTo(1.0);
    assertThat(baseline.edgeF1()).isLessThan(1.0);
  }
}
