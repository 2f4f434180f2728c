package io.tracelake.model.aggregate;

import static io.tracelake.model.SpanKind.CLIENT;
import static io.tracelake.model.SpanKind.CONSUMER;
import static io.tracelake.model.SpanKind.INTERNAL;
import static io.tracelake.model.SpanKind.PRODUCER;
import static io.tracelake.model.SpanKind.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyLinkerTest {

  private static Span span(String id, String parent, String service, SpanKind kind, long start, long end) {
    return span(id, parent, service, kind, start, end, null, false);
  }

  private static Span span(String id, String parent, String service, SpanKind kind, long start, long end, String peer,
      boolean error) {
    return new Span("t1", id, parent, service, service + "-1", "op", kind, start, end, error, 2, peer, null, null);
  }

  @Test
  void clientAndServerPairMakesOneEdgeTimedByTheClient() {
    List<Span> trace = List.of(
        span("a", null, "gateway", SERVER, 0, 1_000),
        span("b", "a", "gateway", CLIENT, 100, 900, "orders", false),
        span("c", "b", "orders", SERVER, 150, 850));

    assertThat(DependencyLinker.calls(trace)).containsExactly(new DependencyCall("gateway", "orders", 800, false));
    assertThat(DependencyLinker.link(trace)).containsExactly(new DependencyLink("gateway", "orders", 1, 0));
  }

  @Test
  void clientLeafLinksToItsPeerSoUninstrumentedDatabasesAppear() {
    List<Span> trace = List.of(
        span("a", null, "orders", SERVER, 0, 1_000),
        span("b", "a", "orders", CLIENT, 100, 400, "postgres", true));

    assertThat(DependencyLinker.calls(trace)).containsExactly(new DependencyCall("orders", "postgres", 300, true));
  }

  @Test
  void clientLeafWithoutPeerMakesNoEdge() {
    assertThat(DependencyLinker.calls(List.of(span("b", null, "orders", CLIENT, 0, 10)))).isEmpty();
  }

  @Test
  void rootServerSpanWithNoParentMakesNoEdge() {
    assertThat(DependencyLinker.calls(List.of(span("a", null, "gateway", SERVER, 0, 10)))).isEmpty();
  }

  @Test
  void serverWhoseParentIsMissingMakesNoEdgeUnlessItNamedItsCaller() {
    Span orphan = span("c", "lost", "orders", SERVER, 0, 10);
    assertThat(DependencyLinker.calls(List.of(orphan))).isEmpty();

    Span named = span("c", "lost", "orders", SERVER, 0, 10, "gateway", false);
    assertThat(DependencyLinker.calls(List.of(named))).containsExactly(new DependencyCall("gateway", "orders", 10, false));
  }

  @Test
  void localSpansBetweenCallerAndServerAreSkipped() {
    List<Span> trace = List.of(
        span("a", null, "gateway", SERVER, 0, 1_000),
        span("l1", "a", "gateway", INTERNAL, 10, 990),
        span("l2", "l1", "gateway", INTERNAL, 20, 980),
        // no client span: the gateway's HTTP client logs nothing, so the server is timed by itself
        span("c", "l2", "orders", SERVER, 30, 500));

    assertThat(DependencyLinker.calls(trace)).containsExactly(new DependencyCall("gateway", "orders", 470, false));
  }

  @Test
  void serverUnderOnlyLocalSpansLinksFromTheNearestOne() {
    List<Span> trace = List.of(
        span("l1", null, "batch", INTERNAL, 0, 1_000),
        span("c", "l1", "orders", SERVER, 30, 500));

    assertThat(DependencyLinker.link(trace)).containsExactly(new DependencyLink("batch", "orders", 1, 0));
  }

  @Test
  void serverInheritsTheErrorOfItsDirectClientParent() {
    List<Span> clientFailed = List.of(
        span("b", null, "gateway", CLIENT, 0, 100, "orders", true),
        span("c", "b", "orders", SERVER, 10, 90));
    List<Span> serverFailed = List.of(
        span("b", null, "gateway", CLIENT, 0, 100, "orders", false),
        span("c", "b", "orders", SERVER, 10, 90, null, true));
    List<Span> neither = List.of(
        span("b", null, "gateway", CLIENT, 0, 100, "orders", false),
        span("c", "b", "orders", SERVER, 10, 90));

    assertThat(DependencyLinker.link(clientFailed)).containsExactly(new DependencyLink("gateway", "orders", 1, 1));
    assertThat(DependencyLinker.link(serverFailed)).containsExactly(new DependencyLink("gateway", "orders", 1, 1));
    assertThat(DependencyLinker.link(neither)).containsExactly(new DependencyLink("gateway", "orders", 1, 0));
  }

  @Test
  void errorIsNotInheritedAcrossLocalSpans() {
    // the failed local span is the caller's own business; the call to orders itself went fine
    List<Span> trace = List.of(
        span("a", null, "gateway", SERVER, 0, 1_000),
        span("l", "a", "gateway", INTERNAL, 0, 900, null, true),
        span("c", "l", "orders", SERVER, 10, 90));

    assertThat(DependencyLinker.link(trace)).containsExactly(new DependencyLink("gateway", "orders", 1, 0));
  }

  @Test
  void producerAndConsumerLinkTheServicesAcrossTheBrokerTimedByTheConsumer() {
    List<Span> trace = List.of(
        span("a", null, "orders", SERVER, 0, 1_000),
        span("p", "a", "orders", PRODUCER, 100, 110, "kafka", false),
        span("c", "p", "billing", CONSUMER, 5_000, 5_400));

    assertThat(DependencyLinker.calls(trace)).containsExactly(new DependencyCall("orders", "billing", 400, false));
  }

  @Test
  void producerWithoutConsumerLinksToTheBroker() {
    List<Span> trace = List.of(
        span("a", null, "orders", SERVER, 0, 1_000),
        span("p", "a", "orders", PRODUCER, 100, 110, "kafka", false));

    assertThat(DependencyLinker.calls(trace)).containsExactly(new DependencyCall("orders", "kafka", 10, false));
  }

  @Test
  void consumerWithoutProducerLinksFromTheBrokerItNamed() {
    List<Span> trace = List.of(span("c", "remote", "billing", CONSUMER, 0, 400, "kafka", false));

    assertThat(DependencyLinker.calls(trace)).containsExactly(new DependencyCall("kafka", "billing", 400, false));
  }

  @Test
  void sameServiceCallingItselfIsAnEdgeToItself() {
    List<Span> trace = List.of(
        span("a", null, "orders", SERVER, 0, 1_000),
        span("b", "a", "orders", CLIENT, 10, 500, "orders", false),
        span("c", "b", "orders", SERVER, 20, 490));

    assertThat(DependencyLinker.link(trace)).containsExactly(new DependencyLink("orders", "orders", 1, 0));
  }

  @Test
  void callsAreMergedPerParentAndChildInOrderOfFirstAppearance() {
    List<Span> trace = List.of(
        span("a", null, "gateway", SERVER, 0, 1_000),
        span("b1", "a", "gateway", CLIENT, 10, 100, "orders", false),
        span("c1", "b1", "orders", SERVER, 20, 90, null, true),
        span("d", "c1", "orders", CLIENT, 30, 40, "postgres", false),
        span("b2", "a", "gateway", CLIENT, 200, 300, "orders", false),
        span("c2", "b2", "orders", SERVER, 210, 290),
        span("e", "a", "gateway", CLIENT, 400, 410, "redis", false));

    assertThat(DependencyLinker.link(trace)).containsExactly(
        new DependencyLink("gateway", "orders", 2, 1),
        new DependencyLink("orders", "postgres", 1, 0),
        new DependencyLink("gateway", "redis", 1, 0));
  }

  @Test
  void aParentCycleInBadDataEndsTheWalk() {
    List<Span> trace = List.of(
        span("x", "y", "a", INTERNAL, 0, 10),
        span("y", "x", "b", INTERNAL, 0, 10),
        span("s", "x", "c", SERVER, 0, 10));

    assertThat(DependencyLinker.link(trace)).containsExactly(new DependencyLink("a", "c", 1, 0));
  }

  @Test
  void emptyTraceHasNoCalls() {
    assertThat(DependencyLinker.calls(List.of())).isEmpty();
    assertThat(DependencyLinker.merge(List.of())).isEmpty();
  }
}
