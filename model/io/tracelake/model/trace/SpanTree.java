package io.tracelake.model.trace;

import io.tracelake.model.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each span of one trace sits in its tree: its depth, the root of its tree, and its nested-set bounds, so
 * that "is A an ancestor of B" is a comparison of two rows ({@code A.nested_left < B.nested_left AND
 * B.nested_right < A.nested_right}, same trace) and a subtree is a range, with no recursion in SQL.
 *
 * <p>The trees are walked depth first, roots and children in start order (span id on a tie), numbering each span
 * on the way down ({@code nested_left}) and on the way back up ({@code nested_right}) with one counter for the
 * whole trace, so a trace with several roots numbers its trees one after another. A span whose parent is not in
 * the trace, or names itself, is a root; spans a parent cycle leaves unreached become roots too (in start
 * order), so every span gets a place.
 */
public final class SpanTree {

  /**
   * @param depth 0 for a root, its parent's depth + 1 otherwise
   * @param rootSpanId the span id of the root of the span's tree (its own for a root)
   * @param nestedLeft number given on the way down; an ancestor's is smaller
   * @param nestedRight number given on the way back up; an ancestor's is larger
   */
  public record Position(int depth, String rootSpanId, int nestedLeft, int nestedRight) {}

  private SpanTree() {}

  /** Each span's position by span id, in depth-first order (the order a waterfall lists them). */
  public static LinkedHashMap<String, Position> positions(List<Span> spans) {
    Set<String> ids = new HashSet<>();
    spans.forEach(s -> ids.add(s.spanId()));
    Map<String, List<Span>> children = new HashMap<>();
    List<Span> roots = new ArrayList<>();
    for (Span span : spans) {
      String parent = span.parentSpanId();
      if (parent != null && ids.contains(parent) && !parent.equals(span.spanId())) {
        children.computeIfAbsent(parent, p -> new ArrayList<>()).add(span);
      } else {
        roots.add(span);
      }
    }
    Comparator<Span> byStart = Comparator.comparingLong(Span::startUs).thenComparing(Span::spanId);
    roots.sort(byStart);
    children.values().forEach(list -> list.sort(byStart));
    Numbering numbering = new Numbering(children);
    for (Span root : roots) {
      numbering.walk(root, root.spanId(), 0);
    }
    List<Span> unreached = new ArrayList<>();
    for (Span span : spans) {
      if (!numbering.positions.containsKey(span.spanId())) {
        unreached.add(span);
      }
    }
    unreached.sort(byStart);
    for (Span span : unreached) {
      if (!numbering.positions.containsKey(span.spanId())) {
        numbering.walk(span, span.spanId(), 0);
      }
    }
    return numbering.positions;
  }

  private static final class Numbering {
    final Map<String, List<Span>> children;
    final LinkedHashMap<String, Position> positions = new LinkedHashMap<>();
    int counter;

    Numbering(Map<String, List<Span>> children) {
      this.children = children;
    }

    /** Iterative, so that a trace a hundred thousand spans deep cannot overflow the stack. */
    void walk(Span root, String rootId, int rootDepth) {
      record Frame(Span span, int depth, int left, int next) {}
      List<Frame> stack = new ArrayList<>();
      stack.add(new Frame(root, rootDepth, ++counter, 0));
      positions.put(root.spanId(), null); // placed: a cycle back to it is not walked again
      while (!stack.isEmpty()) {
        Frame top = stack.remove(stack.size() - 1);
        List<Span> kids = children.getOrDefault(top.span().spanId(), List.of());
        int next = top.next();
        while (next < kids.size() && positions.containsKey(kids.get(next).spanId())) {
          next++;
        }
        if (next < kids.size()) {
          Span child = kids.get(next);
          stack.add(new Frame(top.span(), top.depth(), top.left(), next + 1));
          positions.put(child.spanId(), null);
          stack.add(new Frame(child, top.depth() + 1, ++counter, 0));
        } else {
          positions.put(top.span().spanId(), new Position(top.depth(), rootId, top.left(), ++counter));
        }
      }
    }
  }
}
