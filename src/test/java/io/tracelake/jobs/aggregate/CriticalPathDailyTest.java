package io.tracelake.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.aggregate.OperationNormalizer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** critical_path_daily's rows from hand-made traces: parallel children, a child outliving its parent, nesting. */
class CriticalPathDailyTest {

  private static final OperationNormalizer OPERATIONS = OperationNormalizer.defaults();

  private static Span span(String trace, String id, String parent, String service, String name, long startMs,
      long endMs) {
    return new Span(trace, id, parent, service, service + "-1", name, parent == null ? SpanKind.SERVER
        : SpanKind.INTERNAL, startMs * 1000, endMs * 1000, false, 1, null, null, null);
  }

  /** gateway waits for cart (which waits for its query), and before that for the part of auth that cart did not cover. */
  private static final List<Span> PARALLEL = List.of(
      span("t1", "g", null, "gateway", "GET /api/cart/1", 0, 100),
      span("t1", "a", "g", "auth", "POST /tokens/validate", 10, 40),
      span("t1", "c", "g", "cart", "GET /cart/1", 30, 90),
      span("t1", "q", "c", "cart", "SELECT carts", 50, 80));

  /** A worker picks up an event near the end and goes on long after the response: only its part inside counts. */
  private static final List<Span> ASYNC = List.of(
      span("t2", "g", null, "gateway", "GET /api/cart/2", 0, 50),
      span("t2", "c", "g", "cart", "GET /cart/2", 10, 40),
      span("t2", "w", "g", "worker", "consume cart-events", 45, 500));

  @Test
  void eachOperationsShareOfTheEndpointsLatencyAddsUpToTheWhole() {
    DayAggregates day = new DayAggregates();
    day.addTrace(PARALLEL, OPERATIONS);
    day.addTrace(ASYNC, OPERATIONS);

    List<AggregateRows.CriticalPathDay> rows = day.criticalPaths();
    assertThat(rows).allSatisfy(row -> {
      assertThat(row.rootService()).isEqualTo("gateway");
      assertThat(row.rootOperation()).isEqualTo("GET /api/cart/{id}");
      assertThat(row.stats().endpointTraces()).isEqualTo(2);
      assertThat(row.stats().endpointUs()).isEqualTo(150_000);
    });
    Map<String, long[]> byOperation = rows.stream().collect(Collectors.toMap(r -> r.service() + " " + r.operation(),
        r -> new long[] {r.stats().traces(), r.stats().criticalUs()}));
    assertThat(byOperation).containsOnlyKeys("gateway GET /api/cart/{id}", "cart GET /cart/{id}", "cart SELECT carts",
        "auth POST /tokens/validate", "worker consume cart-events");
    assertThat(byOperation.get("gateway GET /api/cart/{id}")).containsExactly(2, 20_000 + 15_000);
    assertThat(byOperation.get("cart GET /cart/{id}")).containsExactly(2, 30_000 + 30_000);
    assertThat(byOperation.get("cart SELECT carts")).containsExactly(1, 30_000);
    assertThat(byOperation.get("auth POST /tokens/validate")).containsExactly(1, 20_000);
    assertThat(byOperation.get("worker consume cart-events")).containsExactly(1, 5_000);
    assertThat(rows.stream().mapToDouble(r -> r.stats().share()).sum()).isCloseTo(1.0, within(1e-12));
    // ranked within the endpoint: the largest share first
    assertThat(rows.get(0).service() + " " + rows.get(0).operation()).isEqualTo("cart GET /cart/{id}");
    assertThat(rows.get(0).stats().share()).isCloseTo(0.4, within(1e-12));
    assertThat(rows.get(0).stats().selfP50Us()).isCloseTo(30_000, within(300L));
  }

  @Test
  void partsSeenByTwoTasksMergeIntoTheSameRows() {
    DayAggregates whole = new DayAggregates();
    whole.addTrace(PARALLEL, OPERATIONS);
    whole.addTrace(ASYNC, OPERATIONS);
    DayAggregates first = new DayAggregates();
    first.addTrace(PARALLEL, OPERATIONS);
    DayAggregates second = new DayAggregates();
    second.addTrace(ASYNC, OPERATIONS);

    List<AggregateRows.CriticalPathDay> merged = first.merge(second).criticalPaths();
    assertThat(merged).hasSameSizeAs(whole.criticalPaths());
    for (int i = 0; i < merged.size(); i++) {
      AggregateRows.CriticalPathDay a = merged.get(i);
      AggregateRows.CriticalPathDay b = whole.criticalPaths().get(i);
      assertThat(List.of(a.service(), a.operation(), a.stats().traces(), a.stats().criticalUs(), a.stats().share()))
          .isEqualTo(List.of(b.service(), b.operation(), b.stats().traces(), b.stats().criticalUs(), b.stats().share()));
    }
  }

  @Test
  void aTraceWithoutSpansOrWithoutAServiceOnItsRootAddsNoEndpoint() {
    DayAggregates day = new DayAggregates();
    day.addTrace(List.of(), OPERATIONS);
    day.addTrace(List.of(new Span("t3", "r", null, null, null, "GET /", SpanKind.SERVER, 0, 1_000, false, 1, null,
        null, null)), OPERATIONS);
    assertThat(day.criticalPaths()).isEmpty();
  }
}
