package io.tracelake.model.trace;

import io.tracelake.model.Span;
import io.tracelake.model.TraceSummary.PathStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The critical path of a trace: walking back from the root's end, the child that finished last before the
 * point reached is what the parent waited for; the time no child covers is the parent's own. Children are
 * clipped to their parent's window, so asynchronous work that outlives the request is not on the path.
 * This is the walk Jaeger's UI does; each span appears once, with the time it spent on the path itself.
 */
public final class CriticalPath {
  private CriticalPath() {}

  /**
   * The root the rebuild gives a trace of stored spans: the earliest span whose parent is not in the trace (span id
   * on a tie), or null for an empty trace.
   */
  public static Span root(List<Span> spans) {
    Set<String> ids = new HashSet<>();
    spans.forEach(s -> ids.add(s.spanId()));
    Span root = null;
    for (Span span : spans) {
      boolean parentless = span.parentSpanId() == null || !ids.contains(span.parentSpanId())
          || span.parentSpanId().equals(span.spanId());
      if (parentless && (root == null || span.startUs() < root.startUs()
          || (span.startUs() == root.startUs() && span.spanId().compareTo(root.spanId()) < 0))) {
        root = span;
      }
    }
    return root;
  }

  public static List<PathStep> of(List<Span> spans, String rootId) {
    Map<String, Span> byId = new HashMap<>();
    for (Span span : spans) {
      byId.putIfAbsent(span.spanId(), span);
    }
    Span root = byId.get(rootId);
    if (root == null) {
      return List.of();
    }
    Map<String, List<Span>> children = new HashMap<>();
    for (Span span : spans) {
      if (span.parentSpanId() != null && !span.spanId().equals(rootId)) {
        children.computeIfAbsent(span.parentSpanId(), p -> new ArrayList<>()).add(span);
      }
    }
    List<OnPath> steps = new ArrayList<>();
    walk(root, root.startUs(), root.endUs(), children, steps, new HashSet<>());
    steps.sort(ON_PATH_ORDER);
    List<PathStep> path = new ArrayList<>(steps.size());
    for (OnPath step : steps) {
      path.add(new PathStep(step.span().spanId(), step.selfUs()));
    }
    return path;
  }

  /**
   * A span walked and the time it spent on the path itself. Each span id is walked once, so no map by span is
   * needed (a span's hash reads every field: a third of this walk's cost when spans were a map's keys).
   */
  private record OnPath(Span span, long selfUs) {}

  private static final Comparator<OnPath> ON_PATH_ORDER = (a, b) -> {
    int byStart = Long.compare(a.span().startUs(), b.span().startUs());
    return byStart != 0 ? byStart : a.span().spanId().compareTo(b.span().spanId());
  };

  /** Walks {@code span} within [from, to] of its clipped window; iterative over siblings, recursive down the tree. */
  private static void walk(Span span, long from, long to, Map<String, List<Span>> children, List<OnPath> steps,
      Set<String> visited) {
    if (!visited.add(span.spanId())) {
      return; // a loop in the parent links must not hang the job
    }
    List<Span> kids = new ArrayList<>(children.getOrDefault(span.spanId(), List.of()));
    long cursor = to;
    long own = 0;
    while (cursor > from) {
      Span next = null;
      int nextAt = -1;
      long nextEnd = Long.MIN_VALUE;
      for (int k = 0; k < kids.size(); k++) {
        Span kid = kids.get(k);
        long end = Math.min(kid.endUs(), cursor);
        if (kid.startUs() < cursor && end > from && (end > nextEnd || (end == nextEnd && kid.startUs() > next.startUs()))) {
          next = kid;
          nextAt = k;
          nextEnd = end;
        }
      }
      if (next == null) {
        own += cursor - from;
        break;
      }
      kids.remove(nextAt); // by place: removing by value compared every field of the spans before it
      own += cursor - nextEnd;
      long nextStart = Math.max(next.startUs(), from);
      walk(next, nextStart, nextEnd, children, steps, visited);
      cursor = nextStart;
    }
    steps.add(new OnPath(span, own));
  }
}
