package io.tracelake.model.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tracelake.model.LogEvent;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.aggregate.DependencyLink;
import io.tracelake.model.aggregate.DependencyLinker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rebuild on what real services log (issue 12): trace and span ids put in the MDC by an agent, but no
 * parent id and no span kind; lines that do not enclose a span's children; work after the response. Each
 * case is made by hand from the behaviour, with plain messages that carry no evidence wording unless the
 * case is about it.
 */
class RealServiceBehaviourTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final TraceRebuilder REBUILDER = new TraceRebuilder(RebuildOptions.defaults());

  /** A line an agent-instrumented service logged in span {@code spanId}: trace and span id, nothing else. */
  private static LogEvent line(long ms, String instance, String thread, String spanId, String message) {
    return lineAtEpochUs(ms * 1000, instance, thread, spanId, message);
  }

  private static LogEvent lineAtEpochUs(long epochUs, String instance, String thread, String spanId, String message) {
    return LogEvent.builder(epochUs).level("INFO").service(instance.substring(0, instance.indexOf('-')))
        .instance(instance).thread(thread).logger("com.shop.App").message(message).traceId(TRACE).spanId(spanId)
        .attributes(Map.of()).build();
  }

  private static RebuiltTrace rebuild(List<LogEvent> events) {
    return REBUILDER.rebuild(new ArrayList<>(events), false);
  }

  private static Span span(RebuiltTrace trace, String id) {
    return trace.spans().stream().filter(s -> s.spanId().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void theTightestSpanOfTheSameHostOfAnyKindAndThreadComesBeforeATighterOneElsewhere() {
    List<LogEvent> events = List.of(
        line(0, "api-1", "http-1", "s", "Order request accepted for user 7"),
        line(10, "api-1", "http-1", "c", "Validating basket"),
        // a task on a pool thread, handed over by the controller span c
        line(20, "api-1", "pool-3", "t", "Pricing 3 items"),
        // another service's span that overlaps the task more tightly than c does
        line(15, "pricing-1", "http-9", "p", "Loading price list"),
        line(35, "pricing-1", "http-9", "p", "Price list loaded"),
        line(30, "api-1", "pool-3", "t", "Priced 3 items"),
        line(60, "api-1", "http-1", "c", "Basket valid"),
        line(100, "api-1", "http-1", "s", "Order stored"));

    RebuiltTrace trace = rebuild(events);

    assertThat(span(trace, "t")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code(), Span::parentConfidence)
        .containsExactly("c", "enclosing", 0.8);
    assertThat(span(trace, "c")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code(), Span::parentConfidence)
        .containsExactly("s", "enclosing", 0.9);
    // only once nothing on its own host encloses it does a span look at other hosts
    assertThat(span(trace, "p")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code()).containsExactly("c", "enclosing");
  }

  @Test
  void aCallerWhoseLinesDoNotEncloseTheCalleeIsItsParentWithinTheTolerance() {
    List<LogEvent> events = List.of(
        line(0, "web-1", "main", "w", "Checkout started"),
        // the controller logs one line, then calls
        line(50, "orders-1", "http-1", "o", "Creating order for cart 12"),
        line(52, "stock-1", "http-2", "k", "Reserving 2 items"),
        line(80, "stock-1", "http-2", "k", "Reserved"),
        // the servlet logs only after the call returned; the callee logged its end as such
        line(100, "billing-1", "http-3", "d", "Charging card"),
        line(125, "billing-1", "http-3", "d", "charge failed: CardDeclinedException (completed in 25 ms)"),
        line(130, "payments-1", "http-4", "b", "Servlet.service() threw exception"),
        // a line 70 ms before the call: beyond the default 10 ms
        line(140, "audit-1", "http-5", "a", "Audit requested"),
        line(210, "ledger-1", "http-6", "l", "Writing ledger entry"),
        line(220, "ledger-1", "http-6", "l", "Ledger entry written"));

    RebuiltTrace trace = rebuild(events);

    assertThat(span(trace, "k")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code(), Span::parentConfidence)
        .containsExactly("o", "near", 0.4);
    assertThat(span(trace, "d")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code()).containsExactly("b", "near");
    // nothing near enough: under the root rather than a second root
    assertThat(span(trace, "l")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("w", "root_fallback");

    // a span of another host that encloses it comes before a near one
    List<LogEvent> enclosed = new ArrayList<>(events);
    enclosed.add(line(300, "web-1", "main", "w", "Checkout done"));
    assertThat(span(rebuild(enclosed), "k")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("w", "enclosing");

    // the tolerance is an option: at 100 ms the audit line is near enough
    TraceRebuilder wider = new TraceRebuilder(new RebuildOptions(
        RebuildOptions.DEFAULT_MAX_SKEW_US, 1000, LineEvidence.defaults(), 100_000));
    assertThat(RebuildOptions.defaults().enclosureToleranceUs()).isEqualTo(10_000);
    // (under audit's caller: audit's visit was over and nothing says audit calls ledger; see the next test)
    assertThat(span(wider.rebuild(new ArrayList<>(events), false), "l").parentSource().code()).isEqualTo("near");
  }

  @Test
  void aSpanJustAfterAFinishedVisitToAnotherServiceIsThatVisitsSiblingUnlessTheServiceCallsIt() {
    List<LogEvent> events = new ArrayList<>(List.of(
        // the gateway logs one line, calls pricing, then inventory
        line(0, "gateway-1", "jetty-1", "g", "Order lookup sku-7"),
        line(3, "pricing-1", "jetty-2", "p", "Computing price for sku-7"),
        line(8, "pricing-1", "jetty-2", "t", "Tariff for sku-7 is 120 cents"),
        // inventory's only line: 5 ms after pricing's last line, 13 ms after the gateway's
        line(13, "inventory-1", null, "i", "stock lookup sku-7")));

    RebuiltTrace trace = rebuild(events);

    assertThat(span(trace, "p")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code()).containsExactly("g", "near");
    assertThat(span(trace, "t")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code()).containsExactly("p", "near");
    // pricing's visit was over before inventory began, and nothing says pricing calls inventory: the gateway did
    assertThat(span(trace, "i")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code(), Span::parentConfidence)
        .containsExactly("g", "near", 0.4);

    // the same trace says elsewhere that pricing calls inventory (a span of inventory that logged pricing's
    // span as its parent): then the span whose lines stop nearest before it stays its parent
    List<LogEvent> pricingCalls = new ArrayList<>(events);
    pricingCalls.add(line(5, "inventory-2", null, "e", "stock row read").toBuilder().parentSpanId("p").build());
    assertThat(span(rebuild(pricingCalls), "i")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("t", "near");

    // pricing's visit still going on when inventory began (a span that logged p as its parent ran on past it):
    // pricing may have called it
    List<LogEvent> stillGoing = new ArrayList<>(events);
    stillGoing.add(line(14, "pricing-1", "pool-1", "u", "Refreshing tariffs").toBuilder().parentSpanId("p").build());
    stillGoing.add(line(30, "pricing-1", "pool-1", "u", "Tariffs refreshed").toBuilder().parentSpanId("p").build());
    assertThat(span(rebuild(stillGoing), "i")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("t", "near");
  }

  @Test
  void aCallerThatNamesTheCalleesServiceIsItsParentWhicheverLoggedFirst() {
    List<LogEvent> events = List.of(
        // the callee logs first; the caller's only line comes after the call and names the callee's service
        line(6, "inventory-2", null, "i", "stock lookup sku-281"),
        line(7, "inventory-2", null, "j", "stock row read"),
        line(10, "gateway-1", "jetty-21", "g", "Catalog entry sku-281 answered by inventory with 200"),
        // a word that merely contains a service name is no mention
        line(30, "billing-1", "main", "b", "Rebilling sku-281"),
        line(31, "gateway-1", "jetty-21", "h", "Preinventory check done"));

    RebuiltTrace trace = rebuild(events);

    assertThat(span(trace, "i")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code(), Span::parentConfidence)
        .containsExactly("g", "mention", 0.6);
    // the next span of the same instance, a few ms on, is that service's own work, not another call
    assertThat(span(trace, "j")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code()).containsExactly("i", "near");
    assertThat(trace.summary().rootSpanId()).isEqualTo("g");
    assertThat(span(trace, "b").parentSource().code()).isNotEqualTo("mention");
  }

  @Test
  void callLinesLoggedInsideTheCallersSpanLinkItsCallees() {
    // the client spans log nothing under an agent: the caller's own span logs the calls
    List<LogEvent> events = List.of(
        line(0, "cart-2", "http-30", "c", "Running CartService.getCart"),
        line(1, "cart-2", "http-30", "c", "Calling catalog GET /products/1/price"),
        line(1, "cart-2", "http-30", "c", "Calling catalog GET /products/2/price"),
        // another service's span around the callees, tighter than the caller's (its clock runs 30 ms behind)
        line(-40, "shipping-1", "http-2", "q", "Quoting"),
        line(-20, "shipping-1", "http-2", "q", "Quoted"),
        line(-28, "catalog-1", "http-3", "s1", "Received GET /products/2/price"),
        line(-27, "catalog-1", "http-3", "s1", "GET /products/{id}/price completed in 1 ms"),
        line(3, "catalog-2", "http-4", "s2", "Received GET /products/1/price"),
        line(4, "catalog-2", "http-4", "s2", "GET /products/{id}/price completed in 1 ms"),
        line(9, "cart-2", "http-30", "c", "CartService.getCart completed in 9 ms"));

    RebuiltTrace trace = rebuild(events);

    assertThat(trace.spans()).filteredOn(s -> "catalog".equals(s.service()))
        .extracting(Span::spanId, Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactlyInAnyOrder(tuple("s1", "c", "call_line"), tuple("s2", "c", "call_line"));
  }

  @Test
  void aSpanWhoseEndWasLoggedAndCameBeforeTheChildIsNotItsParent() {
    List<LogEvent> events = List.of(
        line(0, "web-1", "main", "w", "Checkout started"),
        // auth's end is a logged fact ("completed in"): it had finished before stock began
        line(10, "auth-1", "http-1", "a", "Checking token"),
        line(20, "auth-1", "http-1", "a", "token check completed in 10 ms"),
        line(25, "stock-1", "http-2", "k", "Reserving 2 items"),
        line(40, "stock-1", "http-2", "k", "Reserved"),
        line(60, "web-1", "main", "w", "Checkout done"));

    assertThat(span(rebuild(events), "k")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("w", "enclosing");
  }

  @Test
  void aSpanThatNothingSaysWasCalledIsTheRootBeforeAnEarlierOneThatWasCalled() {
    List<LogEvent> events = List.of(
        // the callee, on a clock running 40 ms ahead of the gateway's: it seems to come first
        line(0, "orders-1", "http-4", "o", "Received GET /orders/7"),
        line(5, "orders-1", "http-4", "o", "GET /orders/{id} completed in 5 ms"),
        // the gateway's client call: its lines say it is local work of a span of its own service
        line(38, "gateway-1", "epoll-1", "c", "Calling orders GET /orders/7"),
        // the servlet logs only once the call returned: nothing says anyone called it
        line(47, "gateway-1", "epoll-1", "g", "Servlet.service() for servlet [dispatcher] threw exception"));

    RebuiltTrace trace = rebuild(events);

    assertThat(trace.summary().rootSpanId()).isEqualTo("g");
    assertThat(trace.summary().rootCount()).isEqualTo(1);
    assertThat(span(trace, "g").parentSpanId()).isNull();
    assertThat(span(trace, "c")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("g", "root_fallback");
    assertThat(span(trace, "o")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("c", "client_span");
  }

  @Test
  void aSecondRootThatBeganAfterTheRootHangsUnderIt() {
    List<LogEvent> events = List.of(
        line(0, "web-1", "main", "w", "Checkout started"),
        line(10, "web-1", "main", "w", "Checkout done"),
        // nothing encloses it and nothing is near: without a rule it would be a second root
        line(500, "mailer-1", "jobs-1", "m", "Sending receipt"),
        line(520, "mailer-1", "jobs-1", "m", "Receipt sent"));

    RebuiltTrace trace = rebuild(events);

    assertThat(span(trace, "m")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code(), Span::parentConfidence)
        .containsExactly("w", "root_fallback", 0.3);
    assertThat(trace.summary().rootCount()).isEqualTo(1);
    assertThat(trace.summary().rootSpanId()).isEqualTo("w");
  }

  @Test
  void workAfterTheResponseHangsUnderTheHandlingThatAnswered() {
    // request ids only: the API accepts the order with a 202, then goes on in-process; a worker service
    // picks the request up later, sharing only the request id
    LogEvent accepted = LogEvent.builder(30_000).service("api").instance("api-1").traceId(TRACE)
        .httpMethod("POST").httpPath("/orders").httpStatus(202).durationUs(20_000L).message("POST /orders 202")
        .attributes(Map.of()).build();
    List<LogEvent> events = new ArrayList<>(List.of(
        line(0, "gateway-1", "nio-1", null, "Received POST /api/orders"),
        line(8, "gateway-1", "nio-1", null, "Calling api POST /orders"),
        line(10, "api-1", "http-1", null, "Received POST /orders"),
        line(29, "api-1", "http-1", null, "POST /orders completed in 19 ms"),
        accepted,
        line(32, "gateway-1", "nio-1", null, "POST /orders completed in 24 ms"),
        line(33, "gateway-1", "nio-1", null, "POST /api/orders completed in 33 ms"),
        line(400, "worker-1", "jobs-1", null, "Received POST /jobs/fulfil"),
        line(450, "worker-1", "jobs-1", null, "POST /jobs/fulfil completed in 50 ms")));

    RebuiltTrace trace = rebuild(events);

    Span api = trace.spans().stream().filter(s -> "api".equals(s.service())).findFirst().orElseThrow();
    Span worker = trace.spans().stream().filter(s -> "worker".equals(s.service())).findFirst().orElseThrow();
    assertThat(worker).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code()).containsExactly(api.spanId(), "after_response");

    // a handling that says it enqueued the job, with no "send completed" line: the worker's consumer is its child,
    // and the handling still ends at its own end line
    List<LogEvent> enqueued = List.of(
        line(0, "gateway-1", "nio-1", null, "Received POST /api/checkout"),
        line(1, "gateway-1", "nio-1", null, "Calling checkout POST /checkout"),
        line(2, "checkout-1", "http-3", null, "Received POST /checkout"),
        line(3, "checkout-1", "http-3", null, "Enqueued CheckoutJob to worker-jobs, answering 202 Accepted"),
        line(4, "checkout-1", "http-3", null, "POST /checkout completed in 2 ms"),
        line(5, "gateway-1", "nio-1", null, "POST /checkout completed in 4 ms"),
        line(6, "gateway-1", "nio-1", null, "POST /api/checkout completed in 6 ms"),
        line(70, "worker-3", "worker-3", null, "Consuming CheckoutJob from worker-jobs"),
        line(90, "worker-3", "worker-3", null, "CheckoutJob completed in 20 ms"));
    RebuiltTrace queued = rebuild(enqueued);
    Span checkout = queued.spans().stream().filter(s -> "checkout".equals(s.service())).findFirst().orElseThrow();
    assertThat(checkout).extracting(Span::endUs, (Span s) -> s.timingSource().code()).containsExactly(4_000L, "markers");
    assertThat(queued.spans().stream().filter(s -> "worker".equals(s.service())).findFirst().orElseThrow())
        .extracting(Span::parentSpanId, (Span s) -> s.parentSource().code(), Span::kind)
        .containsExactly(checkout.spanId(), "producer", SpanKind.CONSUMER);

    // in-process work of a span-id-logging service after its span answered: under that span, not another host's
    List<LogEvent> inProcess = List.of(
        line(0, "gateway-1", "nio-1", "g", "Forwarding order"),
        line(1, "api-1", "http-1", "s", "Order accepted"),
        line(5, "api-1", "http-1", "s", "Answering 202"),
        line(7, "gateway-1", "nio-1", "g", "Order forwarded"),
        line(200, "api-1", "pool-1", "t", "Sending confirmation e-mail"),
        line(240, "api-1", "pool-1", "t", "Confirmation sent"));
    assertThat(span(rebuild(inProcess), "t")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("s", "after_response");
  }

  @Test
  void kindsAreInferredWhereTheTraceSaysAndRecordedAsInferred() {
    List<LogEvent> events = List.of(
        line(0, "web-1", "main", "w", "Checkout started"),
        line(10, "orders-1", "http-1", "o", "Creating order"),
        line(20, "orders-1", "http-1", "i", "Validating order lines"),
        line(30, "orders-1", "http-1", "i", "Order lines valid"),
        line(50, "orders-1", "http-1", "o", "Order created"),
        line(100, "web-1", "main", "w", "checkout completed in 100 ms"),
        // began after its parent had answered (the parent's end is a logged fact): a consumer
        line(150, "mailer-1", "jobs-1", "m", "Sending receipt"),
        line(160, "mailer-1", "jobs-1", "m", "Receipt sent"));

    RebuiltTrace trace = rebuild(events);

    assertThat(trace.spans()).extracting(Span::spanId, Span::parentSpanId, Span::kind, (Span s) -> s.kindSource().code())
        .containsExactlyInAnyOrder(
            tuple("w", null, SpanKind.INTERNAL, "none"), // a root: no evidence of a caller
            tuple("o", "w", SpanKind.SERVER, "inferred"), // its parent is on another service: orders' entry
            tuple("i", "o", SpanKind.INTERNAL, "none"), // its parent is on its own service
            tuple("m", "w", SpanKind.CONSUMER, "inferred"));
    // so the dependency graph is not empty for logs that name no kind
    assertThat(DependencyLinker.link(trace.spans())).containsExactlyInAnyOrder(
        new DependencyLink("web", "orders", 1, 0), new DependencyLink("web", "mailer", 1, 0));

    // a span that logged only "POST /tokens/validate completed in 3 ms" and that a server of that request answers
    // is the client span of the call
    List<LogEvent> endOnly = List.of(
        line(0, "gateway-1", "nio-1", "g", "Received GET /api/cart"),
        line(2, "auth-1", "http-1", "a", "Received POST /tokens/validate"),
        line(3, "auth-1", "http-1", "a", "POST /tokens/validate completed in 1 ms"),
        line(4, "gateway-1", "nio-1", "x", "POST /tokens/validate completed in 3 ms"),
        line(9, "gateway-1", "nio-1", "g", "GET /api/cart completed in 9 ms"));
    RebuiltTrace called = rebuild(endOnly);
    assertThat(span(called, "x")).extracting(Span::kind, (Span s) -> s.kindSource().code(), Span::parentSpanId)
        .containsExactly(SpanKind.CLIENT, "inferred", "g");
    assertThat(span(called, "a")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code()).containsExactly("x", "call_line");

    // but a span of the server's own service that logged only that end is one more server of the request
    // (its first line missing), not a call to its neighbour
    List<LogEvent> serverEndOnly = List.of(
        line(0, "catalog-1", "http-1", "c", "Received GET /search"),
        line(2, "inventory-2", "http-6", "w", "Received GET /stock/SKU-7"),
        line(3, "inventory-2", "http-5", "v", "GET /stock/{sku} completed in 2 ms"),
        line(4, "inventory-2", "http-6", "w", "GET /stock/{sku} completed in 2 ms"),
        line(10, "catalog-1", "http-1", "c", "GET /search completed in 10 ms"));
    RebuiltTrace servers = rebuild(serverEndOnly);
    assertThat(servers.spans()).extracting(Span::spanId, Span::parentSpanId, Span::kind)
        .containsExactlyInAnyOrder(tuple("c", null, SpanKind.SERVER), tuple("w", "c", SpanKind.SERVER),
            tuple("v", "c", SpanKind.SERVER));

    // a kind the logs named, or a line's wording, is kept and says so
    List<LogEvent> named = List.of(
        line(0, "web-1", "main", "w", "Received GET /api/cart"),
        line(5, "web-1", "main", "c", "Calling cart GET /cart/7"),
        line(6, "cart-1", "http-1", "k", "Loading cart").toBuilder().attributes(Map.of("span_kind", "INTERNAL")).build(),
        line(8, "cart-1", "http-1", "k", "Cart loaded"),
        line(9, "web-1", "main", "c", "GET /cart/{id} completed in 4 ms"),
        line(10, "web-1", "main", "w", "GET /api/cart completed in 10 ms"));
    RebuiltTrace logged = rebuild(named);
    assertThat(logged.spans()).extracting(Span::spanId, Span::kind, (Span s) -> s.kindSource().code()).containsExactlyInAnyOrder(
        tuple("w", SpanKind.SERVER, "evidence"), tuple("c", SpanKind.CLIENT, "evidence"),
        tuple("k", SpanKind.INTERNAL, "logged"));
  }

  @Test
  void aSpanOfItsOwnThreadWhoseLinesStopBeforeItIsItsParentWhateverTheGap() {
    List<LogEvent> events = new ArrayList<>(List.of(
        line(0, "api-1", "http-1", "s", "Order request accepted for user 7"),
        // a controller span logs one line, works 30 ms, then calls: beyond the 10 ms tolerance
        line(10, "api-1", "http-1", "c", "Validating basket 12"),
        line(40, "api-1", "http-1", "k", "Calling stock GET /stock/7"),
        line(45, "api-1", "http-1", "k", "GET /stock/{id} completed in 5 ms"),
        line(100, "api-1", "http-1", "s", "Order stored")));

    assertThat(span(rebuild(events), "k")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code(),
        Span::parentConfidence).containsExactly("c", "near", ParentLinker.SAME_THREAD_NEAR_CONFIDENCE);

    // on another thread, the one line says nothing of whose work the call is: the enclosing span's
    List<LogEvent> otherThread = new ArrayList<>(events);
    otherThread.set(1, line(10, "api-1", "http-2", "c", "Validating basket 12"));
    assertThat(span(rebuild(otherThread), "k")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("s", "enclosing");

    // a span of the thread whose end was logged came in between, itself c's work: c is still at work
    List<LogEvent> closedBetween = new ArrayList<>(events);
    closedBetween.add(line(20, "api-1", "http-1", "m", "Running PriceRules.apply"));
    closedBetween.add(line(23, "api-1", "http-1", "m", "PriceRules.apply completed in 3 ms"));
    RebuiltTrace withStep = rebuild(closedBetween);
    assertThat(span(withStep, "m").parentSpanId()).isEqualTo("c");
    assertThat(span(withStep, "k").parentSpanId()).isEqualTo("c");

    // ... but when that finished span is not c's (its own context names s), the thread had finished c's work
    List<LogEvent> notUnderC = new ArrayList<>(events);
    notUnderC.add(line(20, "api-1", "http-1", "m", "Running PriceRules.apply").toBuilder().parentSpanId("s").build());
    notUnderC.add(line(23, "api-1", "http-1", "m", "PriceRules.apply completed in 3 ms").toBuilder().parentSpanId("s")
        .build());
    assertThat(span(rebuild(notUnderC), "k")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("s", "enclosing");
  }

  @Test
  void aSecondRunOfTheSameOperationOnAReusedThreadIsNotNestedInTheFirst() {
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "jetty-1", "g", "Order lookup sku-7"),
        line(2, "pricing-1", "jetty-2", "p1", "Computing price for sku-7"),
        line(4, "pricing-1", "jetty-2", "p1", "Price lookup failed for sku-7"),
        // the gateway retries; the pricing server takes the same pool thread again
        line(6, "pricing-1", "jetty-2", "p2", "Computing price for sku-7"),
        line(9, "gateway-1", "jetty-1", "g", "Order sku-7 answered"));

    RebuiltTrace trace = rebuild(events);

    assertThat(span(trace, "p2").parentSpanId()).isEqualTo("g");
    assertThat(ParentLinker.openingWords("Computing price for sku-7")).isEqualTo("Computing price for");
    assertThat(ParentLinker.openingWords("Price list reloaded")).isEqualTo("Price list reloaded");
    assertThat(ParentLinker.openingWords("42 rows read")).isEqualTo("42 rows read");
  }

  @Test
  void aSpanJustAfterWorkInsideAVisitWithNoCallerYetIsTheRootsCallNotThatWorks() {
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "jetty-1", "g", "Order lookup sku-7"),
        // pricing's entry logs 15 ms later (beyond the tolerance), its nested work on the same thread 5 ms after
        line(15, "pricing-1", "jetty-2", "p", "Computing price for sku-7"),
        line(20, "pricing-1", "jetty-2", "t", "Tariff for sku-7 is 120 cents"),
        // inventory's only line, 6 ms after the tariff line: nothing says pricing calls inventory
        line(26, "inventory-1", null, "i", "stock lookup sku-7"));

    RebuiltTrace trace = rebuild(events);

    assertThat(span(trace, "p")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("g", "root_fallback");
    assertThat(span(trace, "t")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code()).containsExactly("p", "near");
    assertThat(span(trace, "i")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code()).containsExactly("g", "near");
  }

  @Test
  void aCalleeWhoseAccessLogCameJustAfterItsCallersLastLineHangsUnderThatCaller() {
    // a worker job logs at its start and end; the ledger it calls writes its access log once the response was
    // sent, 3 ms after the job logged "done"
    LogEvent access = LogEvent.builder(51_000).level("INFO").service("ledger").instance("ledger-1")
        .message("request completed").traceId(TRACE).spanId("l").httpMethod("POST").httpPath("/entries/7")
        .httpStatus(200).durationUs(15_000L).attributes(Map.of()).build();
    List<LogEvent> events = new ArrayList<>(List.of(
        line(0, "gateway-1", "main", "g", "Report 7 requested"),
        line(20, "billing-1", "pool-1", "j", "Processing report job 7"),
        line(48, "billing-1", "pool-1", "j", "Report job 7 done"),
        access));

    assertThat(span(rebuild(events), "l")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code(),
        Span::parentConfidence).containsExactly("j", "enclosing", ParentLinker.OVERRUN_CONFIDENCE);

    // a span of another instance around all of it comes first (a parallel sibling may also overrun)
    events.add(line(30, "reports-1", "http-1", "r", "Writing report 7"));
    events.add(line(60, "reports-1", "http-1", "r", "Report 7 written"));
    assertThat(span(rebuild(events), "l")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("r", "enclosing");

    // beyond the tolerance it is no caller's
    List<LogEvent> late = new ArrayList<>(events.subList(0, 3));
    late.add(access.toBuilder().timestampUs(70_000).durationUs(40_000L).build());
    assertThat(span(rebuild(late), "l").parentSource().code()).isNotEqualTo("enclosing");
  }

  @Test
  void aStartDerivedFromADurationInWholeMillisecondsDoesNotMakeTheCallerOfASpanThatLoggedItsStart() {
    // inventory logs at its start and end; the ledger it calls logs one access line whose responseTime, in whole
    // milliseconds, puts its start in the same millisecond as inventory's first line
    List<LogEvent> events = List.of(
        line(0, "billing-1", "pool-1", "j", "Processing report job 7"),
        line(3, "inventory-1", null, "i", "reserving 7"),
        line(9, "inventory-1", null, "i", "reserved 7"),
        LogEvent.builder(10_000).level("INFO").service("ledger").instance("ledger-1").message("request completed")
            .traceId(TRACE).spanId("l").httpMethod("POST").httpPath("/entries/7").httpStatus(200).durationUs(7_000L)
            .attributes(Map.of()).build(),
        line(20, "billing-1", "pool-1", "j", "Report job 7 done"));

    RebuiltTrace trace = rebuild(events);

    assertThat(span(trace, "i")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("j", "enclosing");
    // the access log overruns inventory's last line by a millisecond, but the job's lines enclose it all: the
    // job comes first (as for a parallel sibling that overruns), whichever of the two really called it
    assertThat(span(trace, "l")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("j", "enclosing");
    // with the ids the other way round, the same parents: the order of the pair does not depend on them
    List<LogEvent> renamed = new ArrayList<>();
    for (LogEvent event : events) {
      renamed.add(event.toBuilder().spanId(event.spanId().equals("i") ? "z" : event.spanId()).build());
    }
    assertThat(span(rebuild(renamed), "z").parentSpanId()).isEqualTo("j");
  }

  @Test
  void workBeganJustBeforeAStartDerivedFromAWholeMillisecondDurationIsThatSpansOwn() {
    // the handler logs only its end, "completed in 1 ms", after 1.9 ms: its start is put 1 ms back, 75 µs after
    // its own query began
    List<LogEvent> events = new ArrayList<>();
    for (long[] at : new long[][] {{925, 0}, {1_600, 1}, {2_000, 2}}) {
      String[] what = {"Executing SELECT stock", "SELECT stock completed in 0 ms", "GET /stock/{sku} completed in 1 ms"};
      String span = at[1] == 2 ? "s" : "q";
      events.add(LogEvent.builder(at[0]).level("INFO").service("inventory").instance("inventory-1").thread("exec-1")
          .logger("com.shop.App").message(what[(int) at[1]]).traceId(TRACE).spanId(span).attributes(Map.of()).build());
    }

    assertThat(span(rebuild(events), "q")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("s", "enclosing");
  }

  /** A line at {@code us} µs after a time that is a whole millisecond but no whole second. */
  private static LogEvent lineAtUs(long us, String instance, String thread, String spanId, String message) {
    return lineAtEpochUs(1_763_600_000_123_000L + us, instance, thread, spanId, message);
  }

  @Test
  void aLineLoggedToTheMillisecondDoesNotComeBeforeOneLoggedToTheMicrosecondInTheSameMillisecond() {
    List<LogEvent> events = List.of(
        // pricing's Logback pattern writes milliseconds: its line came somewhere in the millisecond after it
        lineAtUs(0, "pricing-1", "jetty-2", "p", "Computing price for sku-60"),
        // the gateway's encoder writes microseconds: its one line, 64 µs into that millisecond
        lineAtUs(64, "gateway-1", "jetty-1", "g", "Order lookup sku-60"),
        lineAtUs(7_000, "pricing-1", "jetty-2", "t", "Tariff for sku-60 is 8730 cents"),
        lineAtUs(10_000, "inventory-1", null, "i", "stock lookup sku-60"));

    RebuiltTrace trace = rebuild(events);

    assertThat(span(trace, "g").parentSpanId()).as("the gateway is the root").isNull();
    assertThat(span(trace, "p")).extracting(Span::parentSpanId, (Span s) -> s.parentSource().code())
        .containsExactly("g", "root_fallback");
    assertThat(span(trace, "t").parentSpanId()).isEqualTo("p");
    // pricing's visit had no caller yet when inventory was placed: the root-to-be, not the tariff work
    assertThat(span(trace, "i").parentSpanId()).isEqualTo("g");
    assertThat(ParentLinker.loggedToTheMillisecond(1_763_600_000_123_000L)).isTrue();
    assertThat(ParentLinker.loggedToTheMillisecond(1_763_600_000_123_064L)).isFalse();
    assertThat(ParentLinker.loggedToTheMillisecond(1_763_600_000_000_000L)).as("a whole second says nothing").isFalse();

    // both logged to the millisecond, a millisecond apart: the order the lines give stands
    List<LogEvent> coarse = List.of(
        lineAtUs(0, "pricing-1", "jetty-2", "p", "Computing price for sku-60"),
        lineAtUs(1_000, "gateway-1", "jetty-1", "g", "Order lookup sku-60"));
    assertThat(span(rebuild(coarse), "p").parentSpanId()).isNull();
  }
}
