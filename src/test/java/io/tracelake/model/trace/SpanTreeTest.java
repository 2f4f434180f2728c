package io.tracelake.model.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.trace.SpanTree.Position;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpanTreeTest {

  private static Span span(String id, String parent, long start, long end) {
    return new Span("t", id, parent, "svc", "svc-1", id, SpanKind.INTERNAL, start, end, false, 1, null, null, null);
  }

  @Test
  void depthRootAndNestedBoundsOfOneTree() {
    Map<String, Position> positions = SpanTree.positions(List.of(span("c", "a", 60, 90), span("a", null, 0, 100),
        span("d", "b", 20, 30), span("b", "a", 10, 50)));
    assertThat(positions.keySet()).containsExactly("a", "b", "d", "c"); // depth first, children by start
    assertThat(positions.get("a")).isEqualTo(new Position(0, "a", 1, 8));
    assertThat(positions.get("b")).isEqualTo(new Position(1, "a", 2, 5));
    assertThat(positions.get("d")).isEqualTo(new Position(2, "a", 3, 4));
    assertThat(positions.get("c")).isEqualTo(new Position(1, "a", 6, 7));
  }

  @Test
  void severalRootsAreSeveralTreesNumberedOneAfterAnother() {
    Map<String, Position> positions = SpanTree.positions(List.of(span("y", "x", 6, 9), span("x", null, 5, 20),
        span("a", null, 0, 10), span("orphan", "not-in-trace", 30, 40), span("self", "self", 50, 60)));
    assertThat(positions.get("a")).isEqualTo(new Position(0, "a", 1, 2));
    assertThat(positions.get("x")).isEqualTo(new Position(0, "x", 3, 6));
    assertThat(positions.get("y")).isEqualTo(new Position(1, "x", 4, 5));
    assertThat(positions.get("orphan")).isEqualTo(new Position(0, "orphan", 7, 8));
    assertThat(positions.get("self")).isEqualTo(new Position(0, "self", 9, 10));
  }

  @Test
  void aParentCycleStillPlacesEverySpan() {
    Map<String, Position> positions = SpanTree.positions(List.of(span("f", "e", 5, 6), span("e", "f", 1, 9),
        span("g", "f", 7, 8)));
    assertThat(positions.get("e")).isEqualTo(new Position(0, "e", 1, 6));
    assertThat(positions.get("f")).isEqualTo(new Position(1, "e", 2, 5));
    assertThat(positions.get("g")).isEqualTo(new Position(2, "e", 3, 4));
  }

  @Test
  void aHundredThousandDeepChainNeedsNoStack() {
    List<Span> chain = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      chain.add(span("s" + i, i == 0 ? null : "s" + (i - 1), i, 200_000 - i));
    }
    Map<String, Position> positions = SpanTree.positions(chain);
    assertThat(positions.get("s99999")).isEqualTo(new Position(99_999, "s0", 100_000, 100_001));
    assertThat(positions.get("s0")).isEqualTo(new Position(0, "s0", 1, 200_000));
  }

  /** On random forests the nested bounds say "ancestor" exactly where walking up the parents does. */
  @Test
  void nestedBoundsAgreeWithParentWalksOnRandomForests() {
    Random random = new Random(20261203);
    for (int round = 0; round < 300; round++) {
      int n = 1 + random.nextInt(40);
      List<Span> spans = new ArrayList<>();
      Map<String, String> parentOf = new HashMap<>();
      for (int i = 0; i < n; i++) {
        String parent = i == 0 || random.nextInt(5) == 0 ? null : "s" + random.nextInt(i);
        parentOf.put("s" + i, parent);
        spans.add(span("s" + i, parent, random.nextInt(1000), 2000));
      }
      java.util.Collections.shuffle(spans, random);
      Map<String, Position> positions = SpanTree.positions(spans);
      assertThat(positions).hasSize(n);
      for (String a : parentOf.keySet()) {
        for (String d : parentOf.keySet()) {
          int steps = 0;
          String up = parentOf.get(d);
          boolean ancestor = false;
          while (up != null) {
            steps++;
            if (up.equals(a)) {
              ancestor = true;
              break;
            }
            up = parentOf.get(up);
          }
          Position pa = positions.get(a);
          Position pd = positions.get(d);
          assertThat(pa.nestedLeft() < pd.nestedLeft() && pd.nestedRight() < pa.nestedRight())
              .as("round %d: %s above %s", round, a, d).isEqualTo(ancestor);
          if (ancestor) {
            assertThat(pd.depth() - pa.depth()).isEqualTo(steps);
            assertThat(pd.rootSpanId()).isEqualTo(pa.rootSpanId());
          }
        }
      }
    }
  }
}
