package io.tracelake.simulator.accuracy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores rebuilt spans against the generator's ground truth.
 *
 * <p>Which truth spans count: those whose service logged them ({@code logged} is not {@code none}); when
 * the logs carried no span ids (the whole day, or the lines of the span's own service: a worker that shares only
 * the request id), only the handlings (SERVER and CONSUMER spans), since a service's client and internal work
 * then folds into the handling it belongs to. A truth span is recovered when a rebuilt
 * span has its id, or, for inferred spans, when a rebuilt span on the same instance starts at the same
 * host-clock time, the closest within {@link #MATCH_TOLERANCE_US}. Its parent link is
 * right when the rebuilt parent is the truth span's nearest counted ancestor (or its logged parent).
 * Service-graph edges are the distinct (parent service, child service) pairs of counted links.
 */
public final class AccuracyScorer {
  /**
   * Application logs stamp milliseconds, but access logs often whole seconds (nginx's $time_local), which
   * puts a span timed by one up to a second from its true start; on one instance of one trace, a second
   * still tells handlings apart, and the closest wins.
   */
  static final long MATCH_TOLERANCE_US = 2_000_000;

  private AccuracyScorer() {}

  /**
   * A span of the ground truth, at true time; {@code clockSkewUs} is its host's clock error; {@code spanIdLogged}
   * false when its service's lines carried only a request id (a worker sharing only the request id).
   */
  public record TruthSpan(String traceId, String spanId, String parentSpanId, String service, String instance,
      String kind, long startUs, long endUs, long clockSkewUs, String logged, boolean spanIdLogged) {

    public TruthSpan(String traceId, String spanId, String parentSpanId, String service, String instance,
        String kind, long startUs, long endUs, long clockSkewUs, String logged) {
      this(traceId, spanId, parentSpanId, service, instance, kind, startUs, endUs, clockSkewUs, logged, true);
    }
  }

  /** A rebuilt span, as the spans table holds it: times on the root host's clock, corrected by {@code clockSkewUs}. */
  public record RebuiltSpan(String traceId, String spanId, String parentSpanId, String service, String instance,
      long startUs, long endUs, long clockSkewUs) {}

  /** A parent link the rebuild got wrong: the truth span, its kind and service, the parent expected and the one given. */
  public record WrongLink(String traceId, String spanId, String kind, String service, String expectedParent,
      String expectedParentService, String rebuiltParent, String rebuiltParentService) {}

  /** Wrong links kept as examples in a report. */
  static final int WRONG_LINK_EXAMPLES = 20;

  /** The scores. Ratios are 0..1; errors in microseconds; the first wrong links as examples. */
  public record Report(long truthSpans, long countedSpans, long rebuiltSpans, long recovered, long extraSpans,
      long parentLinks, long parentLinksRight, long truthEdges, long rebuiltEdges, long edgesRight,
      long medianStartErrorUs, long medianDurationErrorUs, List<WrongLink> wrongLinks) {

    public double spansRecovered() {
      return ratio(recovered, countedSpans);
    }

    public double parentLinksRightShare() {
      return ratio(parentLinksRight, parentLinks);
    }

    public double edgePrecision() {
      return ratio(edgesRight, rebuiltEdges);
    }

    public double edgeRecall() {
      return ratio(edgesRight, truthEdges);
    }

    /** The harmonic mean of edge precision and recall: one figure for the service graph. */
    public double edgeF1() {
      double precision = edgePrecision();
      double recall = edgeRecall();
      return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    private static double ratio(long part, long whole) {
      return whole == 0 ? 1.0 : (double) part / whole;
    }
  }

  /**
   * @param spanIdsLogged whether the logs carried span ids (then every logged span counts, else handlings only)
   */
  public static Report score(List<TruthSpan> truth, List<RebuiltSpan> rebuilt, boolean spanIdsLogged) {
    Map<String, TruthSpan> truthById = new HashMap<>();
    Map<String, TruthSpan> rootOf = new HashMap<>();
    for (TruthSpan span : truth) {
      truthById.put(span.spanId(), span);
      if (span.parentSpanId() == null) {
        rootOf.put(span.traceId(), span);
      }
    }
    Set<String> counted = new HashSet<>();
    for (TruthSpan span : truth) {
      if (!"none".equals(span.logged()) && ((spanIdsLogged && span.spanIdLogged())
          || "SERVER".equals(span.kind()) || "CONSUMER".equals(span.kind()))) {
        counted.add(span.spanId());
      }
    }

    // rebuilt span id -> truth span id
    Map<String, String> matched = match(truth, rebuilt, truthById, counted);
    Map<String, String> rebuiltToTruth = new HashMap<>();
    matched.forEach((rebuiltKey, truthId) -> rebuiltToTruth.put(rebuiltKey, truthId));

    long links = 0;
    long linksRight = 0;
    Set<String> truthEdges = new HashSet<>();
    Set<String> rebuiltEdges = new HashSet<>();
    List<Long> startErrors = new ArrayList<>();
    List<Long> durationErrors = new ArrayList<>();
    List<WrongLink> wrong = new ArrayList<>();
    Map<String, RebuiltSpan> rebuiltByKey = new HashMap<>();
    for (RebuiltSpan span : rebuilt) {
      rebuiltByKey.put(key(span.traceId(), span.spanId()), span);
    }
    for (String id : counted) {
      TruthSpan span = truthById.get(id);
      TruthSpan ancestor = countedAncestor(span, truthById, counted);
      if (ancestor != null && !ancestor.service().equals(span.service())) {
        truthEdges.add(ancestor.service() + " -> " + span.service());
      }
    }
    for (RebuiltSpan span : rebuilt) {
      String truthId = rebuiltToTruth.get(key(span.traceId(), span.spanId()));
      RebuiltSpan parent = span.parentSpanId() == null ? null
          : rebuiltByKey.get(key(span.traceId(), span.parentSpanId()));
      if (parent != null && parent.service() != null && span.service() != null
          && !parent.service().equals(span.service())) {
        rebuiltEdges.add(parent.service() + " -> " + span.service());
      }
      if (truthId == null) {
        continue;
      }
      TruthSpan real = truthById.get(truthId);
      TruthSpan ancestor = countedAncestor(real, truthById, counted);
      String rebuiltParentTruth = parent == null ? null
          : rebuiltToTruth.get(key(parent.traceId(), parent.spanId()));
      links++;
      boolean right = ancestor == null ? rebuiltParentTruth == null
          : ancestor.spanId().equals(rebuiltParentTruth)
              || (span.parentSpanId() != null && span.parentSpanId().equals(real.parentSpanId()));
      linksRight += right ? 1 : 0;
      if (!right && wrong.size() < WRONG_LINK_EXAMPLES) {
        wrong.add(new WrongLink(real.traceId(), real.spanId(), real.kind(), real.service(),
            ancestor == null ? null : ancestor.spanId(), ancestor == null ? null : ancestor.service(),
            rebuiltParentTruth, parent == null ? null : parent.service()));
      }
      TruthSpan root = rootOf.get(real.traceId());
      long expectedStart = real.startUs() + (root == null ? 0 : root.clockSkewUs());
      startErrors.add(Math.abs(span.startUs() - expectedStart));
      durationErrors.add(Math.abs((span.endUs() - span.startUs()) - (real.endUs() - real.startUs())));
    }
    long edgesRight = rebuiltEdges.stream().filter(truthEdges::contains).count();
    return new Report(truth.size(), counted.size(), rebuilt.size(), matched.size(), rebuilt.size() - matched.size(),
        links, linksRight, truthEdges.size(), rebuiltEdges.size(), edgesRight, median(startErrors),
        median(durationErrors), wrong);
  }

  /** Rebuilt spans matched to counted truth spans: by id first, then inferred ones by instance and start. */
  private static Map<String, String> match(List<TruthSpan> truth, List<RebuiltSpan> rebuilt,
      Map<String, TruthSpan> truthById, Set<String> counted) {
    Map<String, String> matched = new HashMap<>();
    Set<String> taken = new HashSet<>();
    List<RebuiltSpan> unmatched = new ArrayList<>();
    for (RebuiltSpan span : rebuilt) {
      TruthSpan real = truthById.get(span.spanId());
      if (real != null && real.traceId().equals(span.traceId()) && counted.contains(real.spanId())
          && taken.add(real.spanId())) {
        matched.put(key(span.traceId(), span.spanId()), real.spanId());
      } else {
        unmatched.add(span);
      }
    }
    // the rest by instance and the time its host logged: truth time plus host skew, rebuilt time minus correction
    Map<String, List<TruthSpan>> open = new HashMap<>();
    for (TruthSpan span : truth) {
      if (counted.contains(span.spanId()) && !taken.contains(span.spanId())) {
        open.computeIfAbsent(span.traceId() + "|" + span.instance(), k -> new ArrayList<>()).add(span);
      }
    }
    unmatched.sort(Comparator.comparingLong(RebuiltSpan::startUs));
    for (RebuiltSpan span : unmatched) {
      List<TruthSpan> candidates = open.get(span.traceId() + "|" + span.instance());
      if (candidates == null) {
        continue;
      }
      long hostStart = span.startUs() - span.clockSkewUs();
      TruthSpan best = null;
      long bestGap = MATCH_TOLERANCE_US + 1;
      for (TruthSpan candidate : candidates) {
        long gap = Math.abs(candidate.startUs() + candidate.clockSkewUs() - hostStart);
        if (gap < bestGap) {
          best = candidate;
          bestGap = gap;
        }
      }
      if (best != null) {
        candidates.remove(best);
        matched.put(key(span.traceId(), span.spanId()), best.spanId());
      }
    }
    return matched;
  }

  private static TruthSpan countedAncestor(TruthSpan span, Map<String, TruthSpan> byId, Set<String> counted) {
    TruthSpan current = span.parentSpanId() == null ? null : byId.get(span.parentSpanId());
    while (current != null && !counted.contains(current.spanId())) {
      current = current.parentSpanId() == null ? null : byId.get(current.parentSpanId());
    }
    return current;
  }

  private static String key(String traceId, String spanId) {
    return traceId + "|" + spanId;
  }

  private static long median(List<Long> values) {
    if (values.isEmpty()) {
      return 0;
    }
    values.sort(null);
    return values.get(values.size() / 2);
  }
}
