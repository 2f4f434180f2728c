package io.tracelake.model.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tracelake.model.LogEvent;
import io.tracelake.model.RootSource;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TraceSummary;
import io.tracelake.model.TraceSummary.PathStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TraceRebuilderTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final TraceRebuilder REBUILDER = new TraceRebuilder(RebuildOptions.defaults());

  /** An application log line of {@code instance} (service = the part before the dash) in the test trace. */
  private static LogEvent line(long ms, String instance, String thread, String message) {
    return LogEvent.builder(ms * 1000).level("INFO").service(instance.substring(0, instance.indexOf('-')))
        .instance(instance).thread(thread).logger("com.shop.App").message(message).traceId(TRACE)
        .attributes(Map.of()).build();
  }

  /** {@link #line} at a time logged to the microsecond. */
  private static LogEvent at(long us, String instance, String thread, String message) {
    return line(0, instance, thread, message).toBuilder().timestampUs(us).build();
  }

  private static LogEvent withIds(LogEvent event, String spanId, String parentId, String... kv) {
    Map<String, String> attributes = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      attributes.put(kv[i], kv[i + 1]);
    }
    return event.toBuilder().spanId(spanId).parentSpanId(parentId).attributes(attributes).build();
  }

  private static RebuiltTrace rebuild(List<LogEvent> events) {
    return REBUILDER.rebuild(new ArrayList<>(events), false);
  }

  private static Span only(RebuiltTrace trace, Predicate<Span> which) {
    List<Span> found = trace.spans().stream().filter(which).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static Predicate<Span> on(String instance) {
    return s -> instance.equals(s.instance());
  }

  @Test
  void spansWithLoggedIdsAndMarkersAreKeptExactly() {
    List<LogEvent> events = List.of(
        withIds(line(1, "gateway-1", "main", "Received GET /api/orders/7"), "a", null,
            "span_event", "start", "span_name", "GET /api/orders/{id}", "span_kind", "SERVER"),
        withIds(line(2, "gateway-1", "main", "Calling orders GET /orders/7"), "b", "a",
            "span_event", "start", "span_name", "GET /orders/{id}", "span_kind", "CLIENT", "peer_service", "orders"),
        withIds(line(3, "orders-1", "http-1", "Received GET /orders/7"), "c", "b",
            "span_event", "start", "span_name", "GET /orders/{id}", "span_kind", "SERVER"),
        withIds(line(5, "orders-1", "http-1", "boom"), "c", "b").toBuilder().level("ERROR")
            .exceptionType("java.lang.IllegalStateException").build(),
        withIds(line(8, "orders-1", "http-1", "GET /orders/{id} failed: boom (completed in 5 ms)"), "c", "b",
            "span_event", "end", "status_code", "503"),
        withIds(line(9, "gateway-1", "main", "GET /orders/{id} completed in 7 ms"), "b", "a", "span_event", "end"),
        withIds(line(10, "gateway-1", "main", "GET /api/orders/{id} completed in 9 ms"), "a", null,
            "span_event", "end"));

    RebuiltTrace trace = rebuild(events);

    assertThat(trace.spans()).extracting(Span::spanId, Span::parentSpanId, Span::kind, Span::name,
            Span::startUs, Span::endUs, (Span s) -> s.parentSource().code(), (Span s) -> s.timingSource().code(), Span::clockSkewUs, Span::inferred)
        .containsExactly(
            tuple("a", null, SpanKind.SERVER, "GET /api/orders/{id}", 1_000L, 10_000L, "none", "markers", 0L, false),
            tuple("b", "a", SpanKind.CLIENT, "GET /orders/{id}", 2_000L, 9_000L, "explicit", "markers", 0L, false),
            tuple("c", "b", SpanKind.SERVER, "GET /orders/{id}", 3_000L, 8_000L, "explicit", "markers", 0L, false));
    Span server = trace.spans().get(2);
    assertThat(server.error()).isTrue();
    assertThat(server.httpStatus()).isEqualTo(503);
    assertThat(server.exceptionType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(trace.spans().get(1).peerService()).isEqualTo("orders");
    TraceSummary summary = trace.summary();
    assertThat(summary.rootSpanId()).isEqualTo("a");
    assertThat(summary.rootSource().code()).isEqualTo("found");
    assertThat(summary.rootCount()).isEqualTo(1);
    assertThat(summary.orphanSpans()).isZero();
    assertThat(summary.skewAdjusted()).isFalse();
    assertThat(summary.error()).isTrue();
    assertThat(summary.serviceCount()).isEqualTo(2);
  }

  @Test
  void theSameRequestLineTwiceInOneInstantOnOneThreadOpensOneHandlingAndStaysTwoEvents() {
    LogEvent received = line(2, "orders-2", "http-3", "Received GET /orders/7");
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "nio-1", "Received GET /api/orders/7"),
        line(1, "gateway-1", "nio-1", "Calling orders GET /orders/7"),
        // a copy a shipper wrote right after the original in the same file: nothing tells it from a repeat
        received, received.toBuilder().build(),
        line(5, "orders-2", "http-3", "GET /orders/{id} completed in 3 ms"),
        line(6, "gateway-1", "nio-1", "GET /orders/{id} completed in 5 ms"),
        line(8, "gateway-1", "nio-1", "GET /api/orders/{id} completed in 8 ms"));

    RebuiltTrace trace = rebuild(events);

    Span orders = only(trace, on("orders-2"));
    assertThat(orders).extracting(Span::eventCount, Span::startUs, Span::endUs, (Span s) -> s.parentSource().code())
        .containsExactly(3, 2_000L, 5_000L, "call_line");
    // on two threads they are two handlings
    List<LogEvent> twoThreads = new ArrayList<>(events);
    twoThreads.set(3, received.toBuilder().thread("http-4").build());
    assertThat(rebuild(twoThreads).spans().stream().filter(on("orders-2")).count()).isEqualTo(2);
  }

  @Test
  void requestIdOnlyLogsMakeOneSpanPerHandlingLinkedByTheCallersCallLines() {
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "nio-1", "Received POST /api/checkout"),
        line(1, "gateway-1", "nio-1", "Calling orders GET /orders/7"),
        line(2, "orders-2", "http-3", "Received GET /orders/7"),
        line(3, "orders-2", "http-3", "Executing SELECT * FROM orders WHERE id = ?"),
        line(4, "orders-2", "http-3", "SELECT orders completed in 1 ms"),
        line(5, "orders-2", "http-3", "GET /orders/{id} completed in 3 ms"),
        line(6, "gateway-1", "nio-1", "GET /orders/{id} completed in 5 ms"),
        // the same instance serves the trace again: a second handling, answering the second call
        line(10, "gateway-1", "nio-1", "Calling orders GET /orders/7"),
        line(11, "orders-2", "http-4", "Received GET /orders/7"),
        line(14, "orders-2", "http-4", "GET /orders/{id} completed in 3 ms"),
        line(15, "gateway-1", "nio-1", "GET /orders/{id} completed in 5 ms"),
        line(20, "gateway-1", "nio-1", "POST /api/checkout completed in 20 ms"));

    RebuiltTrace trace = rebuild(events);

    assertThat(trace.spans()).hasSize(3);
    Span root = only(trace, on("gateway-1"));
    assertThat(root).extracting(Span::kind, Span::name, Span::startUs, Span::endUs, Span::parentSpanId,
            (Span s) -> s.timingSource().code(), Span::inferred)
        .containsExactly(SpanKind.SERVER, "POST /api/checkout", 0L, 20_000L, null, "markers", true);
    List<Span> orders = trace.spans().stream().filter(on("orders-2")).toList();
    assertThat(orders).extracting(Span::startUs, Span::endUs, Span::name, Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly(
            tuple(2_000L, 5_000L, "GET /orders/{id}", root.spanId(), "call_line"),
            tuple(11_000L, 14_000L, "GET /orders/{id}", root.spanId(), "call_line"));
    assertThat(orders.get(0).eventCount()).isEqualTo(4);
    assertThat(orders.get(0).parentConfidence()).isEqualTo(0.9);
    assertThat(orders.get(0).spanId()).matches("[0-9a-f]{16}").isNotEqualTo(orders.get(1).spanId());
    assertThat(trace.summary().rootSpanId()).isEqualTo(root.spanId());
  }

  @Test
  void callsAreMatchedInOrderEvenWhenTheCalleesClockIsFarOff() {
    // orders' clocks are 40 ms behind: by time alone the second call would look like the first's callee
    List<LogEvent> events = List.of(
        line(100, "gateway-1", "nio-1", "Received GET /api/cart"),
        line(101, "gateway-1", "nio-1", "Calling orders GET /orders/7"),
        line(62, "orders-1", "http-1", "Received GET /orders/7"),
        line(64, "orders-1", "http-1", "GET /orders/{id} completed in 2 ms"),
        line(105, "gateway-1", "nio-1", "GET /orders/{id} completed in 4 ms"),
        line(106, "gateway-1", "nio-1", "Calling orders GET /orders/7"),
        line(67, "orders-2", "http-1", "Received GET /orders/7"),
        line(69, "orders-2", "http-1", "GET /orders/{id} completed in 2 ms"),
        line(110, "gateway-1", "nio-1", "GET /orders/{id} completed in 4 ms"),
        line(120, "gateway-1", "nio-1", "GET /api/cart completed in 20 ms"));

    RebuiltTrace trace = rebuild(events);

    Span first = only(trace, on("orders-1"));
    Span second = only(trace, on("orders-2"));
    // each callee now sits in the middle of its call: 101..105 and 106..110
    assertThat(first).extracting(Span::startUs, Span::endUs, Span::clockSkewUs)
        .containsExactly(102_000L, 104_000L, 40_000L);
    assertThat(second).extracting(Span::startUs, Span::endUs, Span::clockSkewUs)
        .containsExactly(107_000L, 109_000L, 40_000L);
    assertThat(trace.summary().skewAdjusted()).isTrue();
    assertThat(trace.summary().startUs()).isEqualTo(100_000L);
  }

  @Test
  void clocksAreCorrectedAgainstTheCallerThatNoLinkSaysWasCalledNotAgainstTheEarliestSpan() {
    // catalog's clock is 20 ms behind the gateway's, recommendations' 40 ms: recommendations' span (whose call
    // nothing logged) is the earliest without a parent, yet it says nothing of the gateway's clock
    List<LogEvent> events = List.of(
        line(100, "gateway-1", "nio-1", "Received GET /api/products/7"),
        line(101, "gateway-1", "nio-1", "Calling catalog GET /products/7"),
        line(82, "catalog-1", "http-1", "Received GET /products/7"),
        line(64, "recommendations-1", "http-1", "Received GET /recommendations/7"),
        line(66, "recommendations-1", "http-1", "GET /recommendations/{id} completed in 2 ms"),
        line(91, "catalog-1", "http-1", "GET /products/{id} completed in 9 ms"),
        line(112, "gateway-1", "nio-1", "GET /products/{id} completed in 11 ms"),
        line(113, "gateway-1", "nio-1", "GET /api/products/{id} completed in 13 ms"));

    RebuiltTrace trace = rebuild(events);

    Span catalog = only(trace, on("catalog-1"));
    assertThat(catalog).extracting(Span::startUs, Span::endUs, Span::clockSkewUs)
        .containsExactly(102_000L, 111_000L, 20_000L);
    assertThat(only(trace, on("gateway-1").and(s -> s.kind() == SpanKind.SERVER)).clockSkewUs()).isZero();
    assertThat(trace.summary().skewAdjusted()).isTrue();
  }

  @Test
  void aCalleeWhoseEndNothingLoggedIsMovedJustEnoughNotToTheMiddleOfTheCall() {
    // checkout's clock is 20 ms behind; its handling logged no end (its last line came while it still worked),
    // so the call only says it began after the call did: centring its lines in the 127 ms call would put it
    // 50 ms late
    List<LogEvent> events = List.of(
        line(100, "gateway-1", "nio-1", "Received POST /api/checkout"),
        line(102, "gateway-1", "nio-1", "Calling checkout POST /checkout"),
        line(83, "checkout-2", "http-1", "Received POST /checkout"),
        line(86, "checkout-2", "http-1", "Cart 7 validated"),
        line(229, "gateway-1", "nio-1", "POST /checkout completed in 127 ms"),
        line(230, "gateway-1", "nio-1", "POST /api/checkout completed in 130 ms"));

    Span checkout = only(rebuild(events), on("checkout-2"));

    assertThat(checkout).extracting(Span::startUs, Span::clockSkewUs).containsExactly(102_000L, 19_000L);
  }

  @Test
  void noClockIsCorrectedWhenTheLinksHoldAndNoneBeyondTheCap() {
    List<LogEvent> consistent = List.of(
        line(0, "gateway-1", "nio-1", "Received GET /api/cart"),
        line(1, "gateway-1", "nio-1", "Calling orders GET /orders/7"),
        line(2, "orders-1", "http-1", "Received GET /orders/7"),
        line(3, "orders-1", "http-1", "GET /orders/{id} completed in 1 ms"),
        line(5, "gateway-1", "nio-1", "GET /orders/{id} completed in 4 ms"),
        line(6, "gateway-1", "nio-1", "GET /api/cart completed in 6 ms"));
    RebuiltTrace trace = rebuild(consistent);
    assertThat(trace.spans()).allSatisfy(s -> assertThat(s.clockSkewUs()).isZero());
    assertThat(trace.summary().skewAdjusted()).isFalse();

    List<LogEvent> farOff = new ArrayList<>(consistent);
    farOff.replaceAll(e -> e.instance().equals("orders-1")
        ? e.toBuilder().timestampUs(e.timestampUs() + 5_000_000).build() : e);
    TraceRebuilder capped = new TraceRebuilder(
        new RebuildOptions(1_000_000, 1000, LineEvidence.defaults()));
    RebuiltTrace uncorrected = capped.rebuild(farOff, false);
    Span orders = only(uncorrected, on("orders-1"));
    assertThat(orders.clockSkewUs()).isZero();
    assertThat(orders.startUs()).isEqualTo(5_002_000L);
    assertThat(orders.parentSource().code()).isEqualTo("call_line"); // the link itself still holds: matched by order
    assertThat(uncorrected.summary().skewAdjusted()).isFalse();
  }

  @Test
  void spanIdsWithoutParentIdsAreLinkedByClientSpansAndEnclosure() {
    List<LogEvent> events = List.of(
        withIds(line(0, "gateway-1", "nio-1", "Received GET /api/orders/7"), "s1", null),
        withIds(line(1, "gateway-1", "nio-1", "Running loadCart"), "i1", null),
        // a task on a pool thread, handed over while loadCart ran: context propagation makes loadCart its parent
        withIds(line(2, "gateway-1", "pool-1", "Calling orders GET /orders/7"), "c1", null),
        withIds(line(3, "gateway-1", "nio-1", "Executing GET cart:7"), "c2", null),
        withIds(line(4, "gateway-1", "nio-1", "GET cart completed in 1 ms"), "c2", null),
        withIds(line(3, "orders-1", "http-1", "Received GET /orders/7"), "s2", null),
        withIds(line(6, "orders-1", "http-1", "GET /orders/{id} completed in 3 ms"), "s2", null),
        withIds(line(7, "gateway-1", "pool-1", "GET /orders/{id} completed in 5 ms"), "c1", null),
        withIds(line(8, "gateway-1", "nio-1", "loadCart completed in 7 ms"), "i1", null),
        withIds(line(9, "gateway-1", "nio-1", "GET /api/orders/{id} completed in 9 ms"), "s1", null));

    RebuiltTrace trace = rebuild(events);

    assertThat(trace.spans()).extracting(Span::spanId, Span::kind, Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactlyInAnyOrder(
            tuple("s1", SpanKind.SERVER, null, "none"),
            tuple("i1", SpanKind.INTERNAL, "s1", "enclosing"),
            tuple("c1", SpanKind.CLIENT, "i1", "enclosing"),
            tuple("c2", SpanKind.CLIENT, "i1", "enclosing"),
            tuple("s2", SpanKind.SERVER, "c1", "client_span"));
    assertThat(only(trace, s -> s.spanId().equals("c1")).peerService()).isEqualTo("orders");
    assertThat(only(trace, s -> s.spanId().equals("s2")).parentConfidence()).isEqualTo(0.95);
    assertThat(only(trace, s -> s.spanId().equals("c2")).parentConfidence()).isEqualTo(0.9);
  }

  @Test
  void aOneLineSpanLoggedBeforeADurationsDerivedStartIsItsCallerNotItsChild() {
    // TokenService logged only "completed in 0 ms": it began somewhere in the millisecond before that line.
    // The controller's one line came in that millisecond too; its work went on (nothing logged its end), so it
    // hangs under the server, whose lines enclose it, and TokenService under it. The session lookup, whose
    // end was logged, fits inside TokenService's millisecond and stays its child.
    List<LogEvent> events = List.of(
        withIds(at(1_328, "auth-1", "http-1", "Received POST /tokens/validate"), "s1", null),
        withIds(at(1_584, "auth-1", "http-1", "Running TokenController.postTokens"), "c1", null),
        withIds(at(1_830, "auth-1", "http-1", "Running SessionStore.find"), "k1", null),
        withIds(at(1_980, "auth-1", "http-1", "SessionStore.find completed in 0 ms"), "k1", null),
        withIds(at(2_093, "auth-1", "http-1", "TokenService.postTokens completed in 0 ms"), "v1", null),
        withIds(at(2_662, "auth-1", "http-1", "POST /tokens/validate completed in 1 ms"), "s1", null));

    RebuiltTrace trace = rebuild(events);

    assertThat(trace.spans()).extracting(Span::spanId, Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactlyInAnyOrder(
            tuple("s1", null, "none"),
            tuple("c1", "s1", "enclosing"),
            tuple("v1", "c1", "near"),
            tuple("k1", "v1", "enclosing"));

    // a request's handling that logged only its end is entered before any work of the request on its instance:
    // the controller's one line in its millisecond is its child
    List<LogEvent> handling = List.of(
        withIds(at(395_795, "auth-1", "http-1", "Running TokenController.postTokens"), "c2", null),
        withIds(at(395_988, "auth-1", "http-1", "Running TokenService.postTokens"), "v2", null),
        withIds(at(396_858, "auth-1", "http-1", "POST /tokens/validate completed in 1 ms"), "s2", null));
    assertThat(rebuild(handling).spans()).extracting(Span::spanId, Span::parentSpanId)
        .containsExactlyInAnyOrder(tuple("s2", null), tuple("c2", "s2"), tuple("v2", "c2"));
  }

  @Test
  void ofTwoSpansAroundAChildTheOneThatEndedFirstIsTheTighterWhenAStartWasDerived() {
    // TokenService logged only "completed in 1 ms" after 0.73 ms of work: by that whole millisecond it began
    // before the controller that called it, yet it ended first: it is the inner of the two, and the session
    // lookup hangs under it; it hangs under the controller
    List<LogEvent> events = List.of(
        withIds(at(790_714, "auth-1", "http-1", "Received POST /tokens/validate"), "s1", null),
        withIds(at(791_045, "auth-1", "http-1", "Running TokenController.postTokens"), "c1", null),
        withIds(at(791_611, "auth-1", "http-1", "Running SessionStore.find"), "k1", null),
        withIds(at(791_770, "auth-1", "http-1", "SessionStore.find completed in 0 ms"), "k1", null),
        withIds(at(791_905, "auth-1", "http-1", "TokenService.postTokens completed in 1 ms"), "v1", null),
        withIds(at(791_934, "auth-1", "http-1", "TokenController.postTokens completed in 1 ms"), "c1", null),
        withIds(at(792_050, "auth-1", "http-1", "POST /tokens/validate completed in 1 ms"), "s1", null));

    RebuiltTrace trace = rebuild(events);

    assertThat(trace.spans()).extracting(Span::spanId, Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactlyInAnyOrder(
            tuple("s1", null, "none"),
            tuple("c1", "s1", "enclosing"),
            tuple("v1", "c1", "enclosing"),
            tuple("k1", "v1", "enclosing"));
  }

  @Test
  void clientAndServerHalvesSharingOneIdBecomeOneLink() {
    List<LogEvent> events = List.of(
        withIds(line(0, "gateway-1", "nio-1", "Received GET /api/cart"), "root", null),
        withIds(line(1, "gateway-1", "nio-1", "Calling orders GET /orders/7"), "shared", "root"),
        withIds(line(2, "orders-1", "http-1", "Received GET /orders/7"), "shared", "root"),
        withIds(line(4, "orders-1", "http-1", "GET /orders/{id} completed in 2 ms"), "shared", "root"),
        withIds(line(5, "gateway-1", "nio-1", "GET /orders/{id} completed in 4 ms"), "shared", "root"),
        withIds(line(6, "gateway-1", "nio-1", "GET /api/cart completed in 6 ms"), "root", null));

    RebuiltTrace trace = rebuild(events);

    assertThat(trace.spans()).hasSize(3);
    Span client = only(trace, s -> s.spanId().equals("shared"));
    Span server = only(trace, s -> s.kind() == SpanKind.SERVER && "orders".equals(s.service()));
    assertThat(client).extracting(Span::kind, Span::parentSpanId, Span::instance)
        .containsExactly(SpanKind.CLIENT, "root", "gateway-1");
    assertThat(server.spanId()).isNotEqualTo("shared").matches("[0-9a-f]{16}");
    assertThat(server).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code(), Span::startUs, Span::endUs)
        .containsExactly("shared", "shared_id", 2_000L, 4_000L);
  }

  @Test
  void aParentFromAPropagatedHeaderSaysSo() {
    List<LogEvent> events = List.of(
        withIds(line(0, "gateway-1", "nio-1", "Received GET /api/cart"), "a", null),
        withIds(line(2, "orders-1", "http-1", "Received GET /orders/7"), "b", "a", "trace_context_source", "traceparent"),
        withIds(line(3, "orders-1", "http-1", "GET /orders/{id} completed in 1 ms"), "b", "a",
            "trace_context_source", "traceparent"),
        withIds(line(6, "gateway-1", "nio-1", "GET /api/cart completed in 6 ms"), "a", null));

    Span orders = only(rebuild(events), on("orders-1"));

    assertThat(orders.parentSource().code()).isEqualTo("header");
    assertThat(orders.parentConfidence()).isEqualTo(1.0);
  }

  @Test
  void eachSpanSaysWhereItsTimesCameFrom() {
    LogEvent access = LogEvent.builder(30_000).service("payments").instance("payments-1").traceId(TRACE)
        .httpMethod("POST").httpPath("/charge").httpStatus(502).durationUs(8_000L).message("POST /charge 502")
        .attributes(Map.of()).build();
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "nio-1", "Received POST /api/checkout"),
        line(20, "gateway-1", "nio-1", "Calling payments POST /charge?retry=0"),
        access, // payments writes only an access log: a span from its time and duration
        line(31, "gateway-1", "nio-1", "POST /charge completed in 11 ms"),
        // billing logged no opening line, only how long it took
        line(33, "billing-1", "main", "Invoice stored"),
        line(40, "billing-1", "main", "createInvoice completed in 9 ms"),
        // audit logs two plain lines
        line(42, "audit-1", "main", "audit record written"),
        line(44, "audit-1", "main", "audit flushed"),
        line(50, "gateway-1", "nio-1", "POST /api/checkout completed in 50 ms"));

    RebuiltTrace trace = rebuild(events);

    assertThat(only(trace, on("payments-1"))).extracting((Span s) -> s.timingSource().code(), Span::kind, Span::startUs, Span::endUs,
            (Span s) -> s.parentSource().code(), Span::httpStatus, Span::error, Span::name)
        .containsExactly("access_log", SpanKind.SERVER, 22_000L, 30_000L, "call_line", 502, true, "POST /charge");
    assertThat(only(trace, on("billing-1"))).extracting((Span s) -> s.timingSource().code(), Span::startUs, Span::endUs, Span::name)
        .containsExactly("duration", 31_000L, 40_000L, "createInvoice");
    assertThat(only(trace, on("audit-1"))).extracting((Span s) -> s.timingSource().code(), Span::startUs, Span::endUs,
            (Span s) -> s.parentSource().code(), Span::parentConfidence)
        .containsExactly("first_last_event", 42_000L, 44_000L, "enclosing", 0.5);
    assertThat(only(trace, on("gateway-1")).timingSource().code()).isEqualTo("markers");
  }

  @Test
  void aCallersClientSideAccessLineLinksTheCallee() {
    // the gateway logs no call line, but its Envoy sidecar logs the outgoing request, naming orders
    LogEvent egress = LogEvent.builder(9_000).service("gateway").instance("gateway-1").traceId(TRACE)
        .httpMethod("GET").httpPath("/orders/7").httpStatus(404).durationUs(7_000L)
        .message("GET /orders/7 404").attributes(Map.of("authority", "orders.shop.svc:8080")).build();
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "nio-1", "Received GET /api/orders/7"),
        line(3, "orders-1", "http-1", "Received GET /orders/7"),
        line(8, "orders-1", "http-1", "GET /orders/{id} completed in 5 ms"),
        egress,
        line(10, "gateway-1", "nio-1", "GET /api/orders/{id} completed in 10 ms"));

    RebuiltTrace trace = rebuild(events);

    assertThat(trace.spans()).hasSize(2);
    Span gateway = only(trace, on("gateway-1"));
    assertThat(only(trace, on("orders-1"))).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly(gateway.spanId(), "call_line");
    // the callee's 404 is not the gateway's answer
    assertThat(gateway.httpStatus()).isNull();
    assertThat(gateway.eventCount()).isEqualTo(3);
  }

  @Test
  void aServiceThatLogsNothingLeavesItsCalleeUnderTheNearestSpanThatLogged() {
    // gateway -> orders (logs nothing) -> payments
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "nio-1", "Received POST /api/checkout"),
        line(1, "gateway-1", "nio-1", "Calling orders POST /orders"),
        line(5, "payments-1", "http-1", "Received POST /charge"),
        line(9, "payments-1", "http-1", "POST /charge completed in 4 ms"),
        line(12, "gateway-1", "nio-1", "POST /orders completed in 11 ms"),
        line(13, "gateway-1", "nio-1", "POST /api/checkout completed in 13 ms"));

    RebuiltTrace trace = rebuild(events);

    Span payments = only(trace, on("payments-1"));
    assertThat(payments.parentSpanId()).isEqualTo(only(trace, on("gateway-1")).spanId());
    assertThat(payments.parentSource().code()).isEqualTo("enclosing");
    assertThat(trace.summary().rootCount()).isEqualTo(1);
  }

  @Test
  void consumersHangUnderTheirPublishAndOtherwiseUnderTheRoot() {
    List<LogEvent> events = List.of(
        line(0, "orders-1", "nio-1", "Received POST /orders"),
        line(2, "orders-1", "nio-1", "Publishing OrderPlaced to orders.events"),
        line(3, "orders-1", "nio-1", "orders.events send completed in 1 ms"),
        line(5, "orders-1", "nio-1", "POST /orders completed in 5 ms"),
        line(40, "email-1", "kafka-1", "Consuming OrderPlaced from orders.events"),
        line(45, "email-1", "kafka-1", "OrderPlaced listener completed in 5 ms"),
        line(50, "audit-1", "kafka-1", "Consuming ShipmentBooked from shipments.events"),
        line(52, "audit-1", "kafka-1", "ShipmentBooked listener completed in 2 ms"));

    RebuiltTrace trace = rebuild(events);

    String root = only(trace, on("orders-1")).spanId();
    assertThat(only(trace, on("email-1"))).extracting(Span::kind, Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly(SpanKind.CONSUMER, root, "producer");
    assertThat(only(trace, on("audit-1"))).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly(root, "root_fallback");
    assertThat(trace.summary().endUs()).isEqualTo(52_000L); // asynchronous work counts in the trace's extent
  }

  /** The event as read from {@code file} at {@code line}: the position the nightly job hands over. */
  private static LogEvent readAt(LogEvent event, String file, long line) {
    Map<String, String> attributes = new HashMap<>(event.attributes());
    attributes.put(SourcePosition.FILE_ATTRIBUTE, file);
    attributes.put(SourcePosition.LINE_ATTRIBUTE, Long.toString(line));
    return event.toBuilder().attributes(attributes).build();
  }

  @Test
  void onlyLinesShippedAgainAreDroppedNeverALineLoggedTwice() {
    LogEvent start = readAt(line(0, "gateway-1", "nio-1", "Received GET /api/cart"), "a.log", 1);
    LogEvent note = line(1, "gateway-1", "nio-1", "Cart has 3 items");
    LogEvent end = readAt(line(2, "gateway-1", "nio-1", "GET /api/cart completed in 2 ms"), "a.log", 5);
    List<LogEvent> events = List.of(start,
        readAt(note, "a.log", 2),
        // the same message logged again in the same millisecond, on the next line of the same file: two events
        readAt(note, "a.log", 3),
        // the very same line read twice (same file, same line): a re-shipment
        readAt(note, "a.log", 2),
        // a copy in another file (a shipper's retry into a new file, whose name gave another instance)
        readAt(note.toBuilder().instance("gateway-1-resent").build(), "a-resent.log", 2),
        // a line without a recorded position: nothing says it is a copy
        note,
        end);

    RebuiltTrace trace = rebuild(events);

    assertThat(trace.summary().duplicateEvents()).isEqualTo(2);
    assertThat(trace.spans()).singleElement().extracting(Span::eventCount).isEqualTo(5);
  }

  @Test
  void aLongRunOfOneInstantFindsTheSameReshipmentsAsAShortOne() {
    // short runs of equal times are compared pair by pair, long ones through a map: both drop the same lines
    LogEvent note = line(1, "gateway-1", "nio-1", "Cart has 3 items");
    for (int others : new int[] {0, 30}) {
      List<LogEvent> events = new ArrayList<>();
      events.add(readAt(line(0, "gateway-1", "nio-1", "Received GET /api/cart"), "a.log", 1));
      events.add(readAt(note, "a.log", 2));
      for (int i = 0; i < others; i++) {
        events.add(readAt(line(1, "gateway-1", "nio-1", "Item " + i), "a.log", 10 + i));
      }
      events.add(readAt(note, "a.log", 3)); // logged again: kept
      events.add(readAt(note, "a.log", 2)); // read again: dropped
      events.add(readAt(line(1, "gateway-1", "nio-1", "Item 0"), "a.log", 10)); // read again: dropped when there
      events.add(readAt(line(2, "gateway-1", "nio-1", "GET /api/cart completed in 2 ms"), "a.log", 99));

      RebuiltTrace trace = rebuild(events);

      assertThat(trace.summary().duplicateEvents()).as("%d other lines in the instant", others)
          .isEqualTo(others == 0 ? 1 : 2);
      assertThat(trace.spans()).singleElement().extracting(Span::eventCount).isEqualTo(events.size()
          - trace.summary().duplicateEvents());
    }
  }

  @Test
  void orphansAreCountedAndAMissingRootIsMadeUp() {
    // the root service logged nothing: both spans name a parent that is not there
    List<LogEvent> events = List.of(
        withIds(line(2, "orders-1", "http-1", "Received GET /orders/7"), "b", "missing"),
        withIds(line(5, "orders-1", "http-1", "GET /orders/{id} completed in 3 ms"), "b", "missing"),
        withIds(line(6, "payments-1", "http-1", "Received POST /charge"), "c", "missing"),
        withIds(line(9, "payments-1", "http-1", "POST /charge completed in 3 ms"), "c", "missing"));

    RebuiltTrace trace = rebuild(events);

    assertThat(trace.summary()).extracting(TraceSummary::rootSource, TraceSummary::rootSpanId,
            TraceSummary::rootCount, TraceSummary::orphanSpans, TraceSummary::spanCount)
        .containsExactly(RootSource.SYNTHETIC, "missing", 1, 0, 3);
    Span root = only(trace, s -> s.spanId().equals("missing"));
    assertThat(root).extracting(Span::startUs, Span::endUs, (Span s) -> s.timingSource().code(), Span::inferred, Span::service)
        .containsExactly(2_000L, 9_000L, "children", true, null);

    List<LogEvent> withRoot = new ArrayList<>(events);
    withRoot.add(withIds(line(0, "gateway-1", "nio-1", "Received GET /api"), "a", null));
    withRoot.add(withIds(line(10, "gateway-1", "nio-1", "GET /api completed in 10 ms"), "a", null));
    TraceSummary found = rebuild(withRoot).summary();
    assertThat(found).extracting(TraceSummary::rootSource, TraceSummary::rootSpanId, TraceSummary::rootCount,
            TraceSummary::orphanSpans)
        .containsExactly(RootSource.FOUND, "a", 1, 2);
  }

  @Test
  void theCriticalPathFollowsWhatEachSpanWaitedFor() {
    Span root = span("root", null, 0, 100);
    Span first = span("a", "root", 10, 40);
    Span second = span("b", "root", 30, 90); // overlaps a: the root waited for b, then for a's part before b
    Span grandchild = span("c", "b", 50, 80);
    Span async = span("d", "root", 95, 300); // outlives the request: only its part inside the root counts
    List<PathStep> path = CriticalPath.of(List.of(root, first, second, grandchild, async), "root");

    assertThat(path).containsExactly(
        new PathStep("root", 15_000), new PathStep("a", 20_000), new PathStep("b", 30_000),
        new PathStep("c", 30_000), new PathStep("d", 5_000));
    assertThat(path.stream().mapToLong(PathStep::selfUs).sum()).isEqualTo(root.durationUs());
  }

  @Test
  void theRebuiltTraceCarriesItsCriticalPath() {
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "nio-1", "Received GET /api/cart"),
        line(1, "gateway-1", "nio-1", "Calling orders GET /orders/7"),
        line(2, "orders-1", "http-1", "Received GET /orders/7"),
        line(5, "orders-1", "http-1", "GET /orders/{id} completed in 3 ms"),
        line(6, "gateway-1", "nio-1", "GET /orders/{id} completed in 5 ms"),
        line(10, "gateway-1", "nio-1", "GET /api/cart completed in 10 ms"));

    RebuiltTrace trace = rebuild(events);

    String gateway = only(trace, on("gateway-1")).spanId();
    String orders = only(trace, on("orders-1")).spanId();
    assertThat(trace.summary().criticalPath()).containsExactly(
        new PathStep(gateway, 7_000), new PathStep(orders, 3_000));
  }

  @Test
  void eventsWithoutATraceIdMakeNoTrace() {
    LogEvent uncorrelated = line(0, "gateway-1", "main", "Started in 4.2 seconds").toBuilder().traceId(null).build();
    assertThat(rebuild(List.of(uncorrelated))).isNull();
  }

  @Test
  void aTruncatedTraceIsFlagged() {
    RebuiltTrace trace = REBUILDER.rebuild(List.of(line(0, "gateway-1", "nio-1", "x")), true);
    assertThat(trace.summary().truncated()).isTrue();
  }

  private static Span span(String id, String parent, long startMs, long endMs) {
    return new Span(TRACE, id, parent, "svc", "svc-1", id, SpanKind.INTERNAL, startMs * 1000, endMs * 1000, false, 1,
        null, null, null);
  }
}
