package io.tracelake.simulator.accuracy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a naive rebuild would make of the same spans: each span's parent is the tightest span of its
 * trace that encloses it in time, whatever its host, else the latest span that started before it; no
 * evidence, no clocks, no kinds. The accuracy report prints its score beside tracelake's, so a figure says
 * what the rules add over time alone.
 */
public final class NaiveBaseline {
  private NaiveBaseline() {}

  /** {@code rebuilt} with every parent replaced by the naive one; ids, services and times unchanged. */
  public static List<AccuracyScorer.RebuiltSpan> relink(List<AccuracyScorer.RebuiltSpan> rebuilt) {
    Map<String, List<AccuracyScorer.RebuiltSpan>> byTrace = new LinkedHashMap<>();
    for (AccuracyScorer.RebuiltSpan span : rebuilt) {
      byTrace.computeIfAbsent(span.traceId(), t -> new ArrayList<>()).add(span);
    }
    List<AccuracyScorer.RebuiltSpan> relinked = new ArrayList<>(rebuilt.size());
    for (List<AccuracyScorer.RebuiltSpan> trace : byTrace.values()) {
      // a parent must come earlier in this order (start, longest first): no span can be its own ancestor
      trace.sort(Comparator.comparingLong(AccuracyScorer.RebuiltSpan::startUs)
          .thenComparing(Comparator.comparingLong((AccuracyScorer.RebuiltSpan s) -> s.endUs() - s.startUs())
              .reversed())
          .thenComparing(AccuracyScorer.RebuiltSpan::spanId));
      for (int i = 0; i < trace.size(); i++) {
        AccuracyScorer.RebuiltSpan span = trace.get(i);
        AccuracyScorer.RebuiltSpan parent = null;
        for (int j = 0; j < i; j++) {
          AccuracyScorer.RebuiltSpan candidate = trace.get(j);
          if (candidate.endUs() >= span.endUs()
              && (parent == null || candidate.endUs() - candidate.startUs() <= parent.endUs() - parent.startUs())) {
            parent = candidate; // enclosing (it started no later); the later of equally tight ones
          }
        }
        if (parent == null && i > 0) {
          parent = trace.get(i - 1);
        }
        relinked.add(new AccuracyScorer.RebuiltSpan(span.traceId(), span.spanId(),
            parent == null ? null : parent.spanId(), span.service(), span.instance(), span.startUs(), span.endUs(),
            span.clockSkewUs()));
      }
    }
    return relinked;
  }
}
