package io.tracelake.model.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.LogEvent;
import io.tracelake.model.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the day's lines say about which service calls which ({@link ServiceCalls}), and how a rebuild uses it where
 * one trace's lines say nothing: links made by time alone prefer a caller the day has seen, and the root is a span
 * of a service nothing calls. Spans here log ids only (no parent, no kind), as an agent's MDC gives them.
 */
class ServiceCallsTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static LogEvent line(long ms, String instance, String spanId, String message) {
    return LogEvent.builder(ms * 1000).level("INFO").service(instance.substring(0, instance.indexOf('-')))
        .instance(instance).thread("http-" + instance).logger("com.shop.App").message(message).traceId(TRACE)
        .spanId(spanId).attributes(Map.of()).build();
  }

  private static ServiceCalls seen(String... callerCallee) {
    ServiceCalls.Collector collector = new ServiceCalls.Collector(LineEvidence.defaults());
    for (int i = 0; i < callerCallee.length; i += 2) {
      collector.call(callerCallee[i], callerCallee[i + 1]);
    }
    return collector.calls();
  }

  private static Span span(List<LogEvent> events, ServiceCalls day, String id) {
    RebuiltTrace trace = new TraceRebuilder(RebuildOptions.defaults(), day).rebuild(new ArrayList<>(events), false);
    return trace.spans().stream().filter(s -> s.spanId().equals(id)).findFirst().orElseThrow();
  }

  /** The parent {@code id} gets and the rule that gave it. */
  private static List<String> link(List<LogEvent> events, ServiceCalls day, String id) {
    Span span = span(events, day, id);
    return java.util.Arrays.asList(span.parentSpanId(), span.parentSource().code());
  }

  private static LogEvent of(String service, String message, Map<String, String> attributes) {
    return LogEvent.builder(1_000).service(service).message(message).attributes(attributes).build();
  }

  @Test
  void callLinesAccessLinesPeersAndTopicsMakeCallsAcrossTasks() throws Exception {
    ServiceCalls.Collector first = new ServiceCalls.Collector(LineEvidence.defaults());
    first.read(of("cart", "Calling catalog GET /products/7", Map.of()));
    first.read(of("checkout", "charge sent", Map.of("peer_service", "payments")));
    first.read(LogEvent.builder(1_000).service("web").httpMethod("GET").httpPath("/stock/1").httpStatus(200)
        .durationUs(3_000L).attributes(Map.of("authority", "inventory.shop.svc:8080")).build());
    first.read(of("orders", "Publishing OrderPlaced to orders.events", Map.of()));
    first.read(of("orders", "Calling orders GET /orders/7", Map.of())); // itself: no call
    first.read(of("orders", "Order 7 stored", Map.of()));
    ServiceCalls.Collector second = new ServiceCalls.Collector(LineEvidence.defaults());
    second.read(of("mailer", "Consuming OrderPlaced from orders.events", Map.of()));
    // a collector goes from its task to the driver without its patterns
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(second);
    }
    ServiceCalls.Collector received;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      received = (ServiceCalls.Collector) in.readObject();
    }

    first.addAll(received);
    ServiceCalls calls = first.calls();

    assertThat(calls.callersByCallee()).isEqualTo(Map.of("catalog", Set.of("cart"), "payments", Set.of("checkout"),
        "inventory", Set.of("web"), "mailer", Set.of("orders")));
    assertThat(calls.calls("cart", "catalog")).isTrue();
    assertThat(calls.calls("catalog", "cart")).isFalse();
    assertThat(calls.hasCallers("orders")).isFalse();
    assertThat(ServiceCalls.none().hasCallers("catalog")).isFalse();
  }

  @Test
  void aServiceNamedAsAWordInAnothersLinesIsAMentionThatWidensItsCallersButSaysNotThatItIsCalled() {
    ServiceCalls.Collector collector = new ServiceCalls.Collector(LineEvidence.defaults());
    collector.read(of("inventory", "ledger history for sku-7 answered 503", Map.of()));
    collector.read(of("notifications", "Consuming OrderPlaced from orders.events", Map.of()));
    collector.read(of("gateway", "Calling inventory GET /stock/7", Map.of()));
    // a path, an id and a longer word hold no mention
    collector.read(of("billing", "GET /inventory/7 for gateway-7 by ledgers", Map.of()));
    collector.read(of("orders", "Order 7 stored", Map.of()));
    collector.read(LogEvent.builder(1_000).service("ledger").httpMethod("GET").httpPath("/history/7")
        .durationUs(1_000L).attributes(Map.of()).build()); // an access line: no message, still a service

    ServiceCalls calls = collector.calls();

    assertThat(calls.mentionersByService()).isEqualTo(Map.of("ledger", Set.of("inventory"), "orders",
        Set.of("notifications"), "inventory", Set.of("gateway")));
    assertThat(calls.mayCall("inventory", "ledger")).isTrue();
    assertThat(calls.calls("inventory", "ledger")).isFalse();
    assertThat(calls.knowsCallersOf("ledger")).isTrue();
    assertThat(calls.hasCallers("ledger")).isFalse();
    assertThat(calls.hasCallers("orders")).isFalse();
    assertThat(calls.mayCall("billing", "inventory")).isFalse();
  }

  @Test
  void wordsBeyondAsciiAreMentionsAsAsciiOnesAre() {
    ServiceCalls.Collector collector = new ServiceCalls.Collector(LineEvidence.defaults());
    // letters of other scripts make words; a digit of another script makes an id, as an ASCII one does
    collector.read(of("web", "asked café and bücher, then ledger\u0663 and 注文", Map.of()));
    for (String service : List.of("café", "bücher", "ledger\u0663", "注文")) {
      collector.read(of(service, "ready", Map.of()));
    }
    assertThat(collector.calls().mentionersByService()).isEqualTo(Map.of("café", Set.of("web"), "bücher",
        Set.of("web"), "注文", Set.of("web")));
  }

  @Test
  void aNameIsMadeOfLettersDigitsUnderscoresHyphensAndSlashesInEveryScript() {
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      assertThat(ParentLinker.isNameChar(c)).as("U+%04X", (int) c)
          .isEqualTo(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '/');
    }
  }

  @Test
  void aSpanWithNoEvidenceHangsUnderAServiceThatNamesItsOwnInTheDaysLines() {
    // billing's worker calls ledger after the gateway's response; ledger's access line overruns billing's span
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "g", "Report requested"),
        line(15, "billing-1", "b", "Report job accepted"),
        line(2_000, "billing-1", "w", "Processing report job").toBuilder().thread("job-1").build(),
        line(2_053, "billing-1", "w", "Report job done").toBuilder().thread("job-1").build(),
        line(2_078, "ledger-1", "l", "entry written"));
    ServiceCalls.Collector collector = new ServiceCalls.Collector(LineEvidence.defaults());
    collector.read(of("billing", "Report job sku-9 failed: ledger 503", Map.of())); // another trace's line
    collector.read(of("gateway", "Report requested", Map.of()));
    collector.read(of("ledger", "entry written", Map.of()));

    assertThat(link(events, ServiceCalls.none(), "l")).containsExactly("g", "root_fallback");
    assertThat(link(events, collector.calls(), "l")).containsExactly("w", "root_fallback");
  }

  @Test
  void aRetryAnsweredByTheSameInstanceHangsUnderItsCallerNotBesideTheFirstTry() {
    // the gateway logs around two calls to pricing; the second try begins 4 ms after the first ended
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "g", "Order 7 page"),
        line(2, "pricing-1", "p1", "Price for 7 requested"),
        line(6, "pricing-1", "p1", "Price list timed out"),
        line(10, "pricing-1", "p2", "Price for 7 requested"),
        line(15, "pricing-1", "p2", "Price for 7 is 120"),
        line(21, "gateway-1", "g", "Order 7 page rendered"));
    ServiceCalls.Collector collector = new ServiceCalls.Collector(LineEvidence.defaults());
    collector.read(of("gateway", "pricing answered 503", Map.of())); // another trace's line
    collector.read(of("pricing", "Price for 9 requested", Map.of()));
    ServiceCalls day = collector.calls();

    for (ServiceCalls calls : List.of(ServiceCalls.none(), day)) {
      assertThat(link(events, calls, "p2")).containsExactly("g", "enclosing");
    }
  }

  @Test
  void ofTwoSpansOfACallerAsNearTheTighterIsTheParent() {
    // inventory's span overlaps both of catalog's without either around it, nor ending within the tolerance
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "g", "Product page for 7"),
        line(5, "catalog-1", "c", "Loading product 7"),
        line(20, "catalog-1", "k", "Checking stock of 7").toBuilder().thread("pool-1").build(),
        line(58, "inventory-1", "i", "stock lookup sku-7"),
        line(60, "catalog-1", "k", "Stock of 7 checked").toBuilder().thread("pool-1").build(),
        line(65, "catalog-1", "c", "Product 7 loaded"),
        line(80, "inventory-1", "i", "stock for sku-7 is 3"));

    assertThat(link(events, seen("gateway", "catalog", "catalog", "inventory"), "i"))
        .containsExactly("k", "root_fallback");
  }

  @Test
  void aSpanEnclosedByTimeOnlyHangsUnderTheTightestSpanOfAServiceTheDaySawCallingIt() {
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "g", "Product page for 7"),
        line(10, "catalog-1", "c", "Loading product 7"),
        line(20, "auth-1", "a", "Checking token"),
        line(25, "inventory-1", "i", "stock lookup sku-7"),
        line(30, "inventory-1", "i", "stock for sku-7 is 3"),
        line(40, "auth-1", "a", "Token valid"),
        line(60, "catalog-1", "c", "Product 7 loaded"),
        line(100, "gateway-1", "g", "Product page rendered"));
    ServiceCalls day = seen("gateway", "catalog", "gateway", "auth", "catalog", "inventory");

    // by time alone, the tightest span around the stock lookup is auth's
    assertThat(span(events, ServiceCalls.none(), "i").parentSpanId()).isEqualTo("a");
    assertThat(span(events, ServiceCalls.none(), "a").parentSpanId()).isEqualTo("c");
    // the day says catalog calls inventory and gateway calls auth: around each, those are the callers
    assertThat(link(events, day, "i")).containsExactly("c", "enclosing");
    assertThat(span(events, day, "a").parentSpanId()).isEqualTo("g");
    // when no span around it is of a caller the day has seen, time decides as before
    ServiceCalls elsewhere = seen("gateway", "catalog", "gateway", "auth", "search", "inventory");
    assertThat(span(events, elsewhere, "i").parentSpanId()).isEqualTo("a");
  }

  @Test
  void aSpanOfAServiceNothingCallsDoesNotHangUnderAnotherServiceByTime() {
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "g", "Search for shoes"),
        line(3, "catalog-1", "c", "Searching shoes"),
        line(5, "gateway-1", "g", "Search sent"),
        // the gateway's pool thread works on, inside catalog's span on catalog's clock
        line(10, "gateway-1", "x", "Rate limit checked").toBuilder().thread("pool-1").build(),
        line(20, "gateway-1", "x", "Rate limit stored").toBuilder().thread("pool-1").build(),
        line(50, "catalog-1", "c", "Found 3 shoes"));

    assertThat(link(events, ServiceCalls.none(), "x")).containsExactly("c", "enclosing");
    // the day says gateway calls catalog and nothing calls gateway: its work stays its own, the gateway's span
    // whose last line came 5 ms before
    assertThat(link(events, seen("gateway", "catalog"), "x")).containsExactly("g", "near");
  }

  @Test
  void theRootIsASpanOfAServiceNothingCallsThoughACalledOneLoggedFirst() {
    // auth's clock runs early: its lines come before the gateway's one line, which logs after calling
    List<LogEvent> events = List.of(
        line(0, "auth-1", "a", "Checking token"),
        line(5, "auth-1", "a", "Token valid"),
        line(8, "gateway-1", "g", "Product page for 7"),
        line(12, "catalog-1", "c", "Loading product 7"),
        line(20, "catalog-1", "c", "Product 7 loaded"));

    // nothing in the trace says auth was called: the earliest span is the root
    assertThat(span(events, ServiceCalls.none(), "a").parentSpanId()).isNull();

    ServiceCalls day = seen("gateway", "auth", "gateway", "catalog");
    assertThat(span(events, day, "g").parentSpanId()).isNull();
    assertThat(link(events, day, "a")).containsExactly("g", "root_fallback");
    assertThat(span(events, day, "c").parentSpanId()).isEqualTo("g");
  }

  @Test
  void aSpanWithNoEvidenceHangsUnderTheNearestCallerTheDaySawRatherThanTheRoot() {
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "g", "Product page for 7"),
        line(5, "catalog-1", "c", "Loading product 7"),
        line(10, "catalog-1", "c", "Product 7 loaded"),
        // far from anything: no span around it, none within the tolerance
        line(40, "inventory-1", "i", "stock lookup sku-7"),
        line(50, "inventory-1", "i", "stock for sku-7 is 3"));

    assertThat(link(events, ServiceCalls.none(), "i")).containsExactly("g", "root_fallback");
    assertThat(link(events, seen("gateway", "catalog", "catalog", "inventory"), "i"))
        .containsExactly("c", "root_fallback");
    // the root's service calls it too, but catalog's span is nearer; when only the root's service calls it, the root
    ServiceCalls both = seen("gateway", "catalog", "catalog", "inventory", "gateway", "inventory");
    assertThat(link(events, both, "i")).containsExactly("c", "root_fallback");
    assertThat(link(events, seen("gateway", "catalog", "gateway", "inventory"), "i"))
        .containsExactly("g", "root_fallback");
  }

  @Test
  void farOffInTimeASpanHangsUnderTheWorkNestedInItsCallersHandlingNotTheHandlingItself() {
    // inventory's clock is 40 ms ahead, and nothing logged catalog's call to it: catalog's handling is nearer
    // than the controller inside it by a few milliseconds, which say nothing at that distance
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "g", "Product page for 7"),
        line(2, "catalog-1", "c", "Loading product 7"),
        line(3, "catalog-1", "p", "Running ProductController.getProduct"),
        line(7, "catalog-1", "p", "ProductController.getProduct done"),
        line(9, "catalog-1", "c", "Product 7 loaded"),
        line(10, "gateway-1", "g", "Product page done"),
        line(45, "inventory-1", "i", "stock lookup sku-7"),
        line(47, "inventory-1", "i", "stock for sku-7 is 3"));

    ServiceCalls day = seen("gateway", "catalog", "catalog", "inventory");
    assertThat(link(events, day, "p")).containsExactly("c", "enclosing");
    assertThat(link(events, day, "i")).containsExactly("p", "root_fallback");
  }

  @Test
  void aServerDoesNotHangUnderAnotherInstanceOfItsOwnServiceByTime() {
    // catalog's clock is 60 ms behind and nothing logged its calls to inventory: inventory-2's server encloses
    // inventory-1's in time, but one instance of a service does not call another unless the day says so
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "g", "Search for shoes"),
        line(-58, "catalog-1", "c", "Searching shoes"),
        line(-52, "catalog-1", "c", "Search ranked"),
        line(20, "inventory-2", "w", "Received GET /stock/SKU-1"),
        line(22, "inventory-1", "i", "Received GET /stock/SKU-7"),
        line(25, "inventory-1", "i", "GET /stock/{sku} completed in 3 ms"),
        line(30, "inventory-2", "w", "GET /stock/{sku} completed in 10 ms"),
        line(40, "gateway-1", "g", "Search done"));

    ServiceCalls day = seen("gateway", "catalog", "catalog", "inventory");
    assertThat(link(events, day, "i")).containsExactly("c", "root_fallback");
    // knowing nothing of the day's calls, time alone decides
    assertThat(link(events, ServiceCalls.none(), "i")).containsExactly("w", "enclosing");
  }

  @Test
  void farOffInTimeASpanHangsUnderTheSpanWhoseCodeTheDaySawMakingSuchCalls() {
    // inventory's clock is 40 ms ahead; in the day, catalog's calls to inventory were logged by SearchService
    List<LogEvent> events = List.of(
        line(0, "gateway-1", "g", "Search for shoes"),
        from("web.SearchController", line(2, "catalog-1", "c", "Received GET /search")),
        from("web.SearchController", line(3, "catalog-1", "s", "Running SearchController.getSearch")),
        from("service.SearchService", line(4, "catalog-1", "v", "Running SearchService.getSearch")),
        from("service.SearchRanker", line(5, "catalog-1", "r", "Ranking 40 products")),
        from("service.SearchRanker", line(20, "catalog-1", "r", "Ranked 40 products")),
        from("web.SearchController", line(30, "catalog-1", "c", "GET /search completed in 28 ms")),
        line(40, "gateway-1", "g", "Search done"),
        line(75, "inventory-1", "i", "stock lookup sku-7"),
        line(77, "inventory-1", "i", "stock for sku-7 is 3"));

    ServiceCalls.Collector collector = new ServiceCalls.Collector(LineEvidence.defaults());
    collector.call("gateway", "catalog");
    collector.read(from("service.SearchService", line(50, "catalog-2", "x", "Calling inventory GET /stock/SKU-9")));
    ServiceCalls day = collector.calls();

    assertThat(day.callingLoggers("catalog", "inventory")).containsExactly("com.shop.service.SearchService");
    assertThat(link(events, day, "i")).containsExactly("v", "root_fallback");
    // knowing only that catalog calls inventory: the tightest span as near as the nearest
    assertThat(link(events, seen("gateway", "catalog", "catalog", "inventory"), "i"))
        .containsExactly("r", "root_fallback");
  }

  @Test
  void aSpanAroundACalleeGivesWayToTheOpenWorkInsideItWhoseCodeMakesSuchCalls() {
    // SearchService logged one line, then called inventory: its lines do not enclose the call, its
    // controller's do; the day saw SearchService's logger logging catalog's calls to inventory
    List<LogEvent> events = List.of(
        from("web.SearchController", line(0, "catalog-1", "c", "Received GET /search")),
        from("web.SearchController", line(2, "catalog-1", "s", "Running SearchController.getSearch")),
        from("service.SearchService", line(3, "catalog-1", "v", "Running SearchService.getSearch")),
        line(20, "inventory-1", "i", "Received GET /stock/SKU-7"),
        line(22, "inventory-1", "i", "GET /stock/{sku} completed in 2 ms"),
        from("web.SearchController", line(38, "catalog-1", "s", "SearchController.getSearch completed in 36 ms")),
        from("web.SearchController", line(40, "catalog-1", "c", "GET /search completed in 40 ms")));

    ServiceCalls.Collector collector = new ServiceCalls.Collector(LineEvidence.defaults());
    collector.read(from("service.SearchService", line(50, "catalog-2", "x", "Calling inventory GET /stock/SKU-9")));
    assertThat(link(events, collector.calls(), "i")).containsExactly("v", "enclosing");
    assertThat(link(events, seen("catalog", "inventory"), "i")).containsExactly("s", "enclosing");
  }

  @Test
  void ofTwoCallersOfAServiceTheOneTheDaySawCallingTheEndpointIsTheParent() {
    // catalog's clock is 30 ms behind and nothing in the trace logged a call to it; the gateway calls catalog
    // for products, cart for prices: the gateway's span is nearer, cart's called this endpoint
    List<LogEvent> events = List.of(
        line(-30, "catalog-2", "p", "Received GET /products/4543/price"),
        line(-28, "catalog-2", "p", "GET /products/{id}/price completed in 2 ms"),
        line(0, "gateway-1", "g", "Received POST /api/cart/items"),
        line(4, "cart-2", "k", "Received POST /cart/items"),
        line(14, "cart-2", "k", "POST /cart/items completed in 10 ms"),
        line(15, "gateway-1", "g", "POST /api/cart/items completed in 15 ms"));

    ServiceCalls.Collector collector = new ServiceCalls.Collector(LineEvidence.defaults());
    collector.read(line(100, "gateway-1", "x", "Calling catalog GET /products/77"));
    collector.read(line(200, "cart-1", "y", "Calling catalog GET /products/78/price?currency=EUR"));
    collector.read(line(300, "gateway-1", "z", "Calling cart POST /cart/items"));
    ServiceCalls day = collector.calls();

    assertThat(day.callersOf("catalog", "GET", "/products/{id}/price")).containsExactly("cart");
    assertThat(day.callersOf("catalog", "GET", "/products/SKU-9")).containsExactly("gateway");
    assertThat(link(events, day, "p")).containsExactly("k", "root_fallback");
    // knowing only which services call catalog, the nearer
    assertThat(link(events, seen("gateway", "catalog", "cart", "catalog", "gateway", "cart"), "p"))
        .containsExactly("g", "root_fallback");
  }

  @Test
  void anEndpointIsItsMethodAndItsPathWithIdsAndPlaceholdersAlike() {
    assertThat(ServiceCalls.endpoint("GET", "/products/7/price")).isEqualTo("GET /products/{}/price")
        .isEqualTo(ServiceCalls.endpoint("GET", "/products/{id}/price"))
        .isEqualTo(ServiceCalls.endpoint("GET", "/products/SKU-9/price"));
    assertThat(ServiceCalls.endpoint("GET", "/products/7")).isEqualTo("GET /products/{}");
    assertThat(ServiceCalls.endpoint("POST", "/cart/items")).isEqualTo("POST /cart/items");
    assertThat(ServiceCalls.endpoint("GET", "/{x}/")).isEqualTo("GET /{}/");
    assertThat(ServiceCalls.endpoint(null, "/a")).isNull();
  }

  @Test
  void tooManyLoggersOfOnePairSayNothing() {
    ServiceCalls.Collector collector = new ServiceCalls.Collector(LineEvidence.defaults());
    ServiceCalls.Collector other = new ServiceCalls.Collector(LineEvidence.defaults());
    for (int i = 0; i <= ServiceCalls.MAX_CALLING_LOGGERS; i++) {
      (i % 2 == 0 ? collector : other).callFrom("catalog", "inventory", "Client" + i);
    }
    collector.call("catalog", "inventory");
    collector.callFrom("catalog", "pricing", "PriceClient");
    collector.addAll(other);
    ServiceCalls day = collector.calls();
    assertThat(day.callingLoggers("catalog", "inventory")).isNull();
    assertThat(day.callingLoggers("catalog", "pricing")).containsExactly("PriceClient");

    // likewise a service with more endpoints than templates could make: its paths were not made templates
    ServiceCalls.Collector paths = new ServiceCalls.Collector(LineEvidence.defaults());
    paths.call("gateway", "search");
    for (int i = 0; i <= ServiceCalls.MAX_ENDPOINTS; i++) {
      paths.callEndpoint("gateway", "search", ServiceCalls.endpoint("GET", "/q/shoes" + "abcdefghij".charAt(i % 10)
          + "klmnopqrst".charAt(i / 10 % 10) + "uvwxyzABCD".charAt(i / 100)));
    }
    paths.callEndpoint("gateway", "catalog", ServiceCalls.endpoint("GET", "/products/7"));
    assertThat(paths.calls().callersOf("search", "GET", "/q/shoesaku")).isNull();
    assertThat(paths.calls().callersOf("catalog", "GET", "/products/8")).containsExactly("gateway");
  }

  private static LogEvent from(String logger, LogEvent event) {
    return event.toBuilder().logger("com.shop." + logger).build();
  }
}
