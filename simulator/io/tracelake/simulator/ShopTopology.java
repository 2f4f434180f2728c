package io.tracelake.simulator;

import static io.tracelake.simulator.Latency.ms;

import io.tracelake.model.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The simulated shop: which services exist, what each endpoint does and calls, how long it takes and
 * how it fails. Reading the constructor top to bottom goes from the leaves (databases, stock lookups) to
 * the gateway routes users call.
 */
final class ShopTopology {
  static final String GATEWAY = "gateway";
  static final List<String> SERVICES = List.of(GATEWAY, "auth", "catalog", "cart", "checkout", "inventory",
      "payments", "orders", "recommendations", "notifications", "shipping");
  static final String ORDER_EVENTS = "order-events";
  /**
   * The service that takes over the work of a request answered 202 (see {@link Scenario#afterResponse()});
   * it has instances only then, and logs only the request id.
   */
  static final String WORKER = "worker";
  /** The queue the worker takes jobs from. */
  static final String WORKER_QUEUE = "worker-jobs";

  private static final String POSTGRES = "postgres";
  private static final String REDIS = "redis";
  private static final String KAFKA = "kafka";
  private static final String SMTP = "smtp";

  private static final Failure POSTGRES_FAILURE = Failure.of(0.001, 0,
      "SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 1000ms");
  private static final Failure REDIS_FAILURE = Failure.of(0.0005, 0,
      "RedisCommandTimeoutException: Command timed out after 100 millisecond(s)");
  private static final Failure SMTP_FAILURE = Failure.retryable(0.03, 0,
      "MailSendException: 421 4.7.0 Try again later, closing connection");
  private static final Failure KAFKA_FAILURE = Failure.of(0.0005, 0,
      "TimeoutException: Expiring 1 record(s) for order-events-3: delivery.timeout.ms has passed");

  private static final List<NoteTemplate> POSTGRES_NOTES = List.of(
      NoteTemplate.debug("Acquired connection from HikariPool-1"),
      NoteTemplate.debug("Using prepared statement from cache"),
      NoteTemplate.warn("HikariPool-1 - Pool is running low on idle connections (idle=1, active=19)"));
  private static final List<NoteTemplate> REDIS_NOTES = List.of(
      NoteTemplate.debug("Dispatching command on shared Lettuce connection"));
  private static final List<NoteTemplate> SMTP_NOTES = List.of(
      NoteTemplate.debug("Connected to smtp-relay.shop.internal:587"),
      NoteTemplate.debug("STARTTLS negotiated (TLSv1.3)"));

  /** Orders one page of the nightly export reads. */
  static final int EXPORT_PAGE_SIZE = 200;

  private final List<Route> routes = new ArrayList<>();
  private final int totalWeight;
  // what the export of orders calls, kept for exportRoute
  private final Endpoint paymentsOfOrder;
  private final Endpoint shipmentOfOrder;
  private final StoreOperation gatewayRateLimit;
  private final Endpoint tokenValidation;

  ShopTopology() {
    // inventory
    StoreOperation selectStock = postgres("inventory", "SELECT stock", "StockRepository", 1.0);
    StoreOperation updateStock = postgres("inventory", "UPDATE stock", "StockRepository", 1.8);
    StoreOperation insertReservation = postgres("inventory", "INSERT reservations", "ReservationRepository", 1.6);
    Endpoint stockLevel = Endpoint.http("inventory", "GET", "/stock/{sku}", "StockController", ms(0.6, 0.4),
        List.of(Failure.of(0.002, 500, "DataIntegrityViolationException: negative stock level")),
        List.of(NoteTemplate.debug("Stock level read from warehouse FRA-1"),
            NoteTemplate.debug("Including incoming purchase orders in availability")),
        w -> w.query(selectStock));
    Endpoint reserveStock = Endpoint.http("inventory", "POST", "/stock/reservations", "ReservationController",
        ms(1.5, 0.5),
        List.of(Failure.retryable(0.03, 503,
            "CannotAcquireLockException: could not obtain lock on row in relation \"stock\"")),
        List.of(NoteTemplate.info("Reserved stock for order"), NoteTemplate.debug("Reservation expires in 15 min")),
        w -> {
          if (w.query(selectStock)) {
            w.query(updateStock);
            w.query(insertReservation);
          }
        });

    // recommendations
    StoreOperation getRecs = redis("recommendations", "GET recs:{id}", 0.3);
    StoreOperation setRecs = redis("recommendations", "SET recs:{id}", 0.35);
    StoreOperation selectPurchases = postgres("recommendations", "SELECT purchases", "PurchaseHistoryRepository", 3.0);
    InternalOperation scoreModel = internal("recommendations", "RecommendationModel.score", "model.RecommendationModel",
        ms(6, 0.6), List.of(Failure.of(0.0005, 0, "ModelNotLoadedException: model v42 is still loading")),
        List.of(NoteTemplate.debug("Scoring 250 candidate products"), NoteTemplate.debug("Using model v42")));
    Endpoint recommendations = Endpoint.http("recommendations", "GET", "/recommendations/{id}",
        "RecommendationController", ms(1.5, 0.5),
        List.of(Failure.of(0.002, 500, "IllegalStateException: feature store snapshot is stale")),
        List.of(NoteTemplate.debug("Filtering out already purchased items"),
            NoteTemplate.debug("Returning 8 recommendations")),
        w -> {
          String id = Long.toString(w.facts().productId());
          if (w.query(getRecs, id) && w.random().nextDouble() < 0.4) {
            w.note(Level.DEBUG, "No cached recommendations for product " + id + ", scoring");
            w.internal(scoreModel, s -> s.query(selectPurchases));
            w.query(setRecs, id);
          }
        });

    // catalog
    StoreOperation getProduct = redis("catalog", "GET product:{id}", 0.25);
    StoreOperation setProduct = redis("catalog", "SET product:{id}", 0.3);
    StoreOperation selectProduct = postgres("catalog", "SELECT products", "ProductRepository", 1.4);
    StoreOperation searchProducts = postgres("catalog", "SELECT products_search", "ProductSearchRepository", 7.0);
    StoreOperation selectPrice = postgres("catalog", "SELECT prices", "PriceRepository", 0.9);
    InternalOperation rankResults = internal("catalog", "SearchRanker.rank", "search.SearchRanker", ms(3, 0.6),
        List.of(), List.of(NoteTemplate.debug("Boosting in-stock products")));
    Endpoint product = Endpoint.http("catalog", "GET", "/products/{id}", "ProductController", ms(1.2, 0.5),
        List.of(Failure.of(0.002, 500, "IllegalStateException: product has no active price")),
        List.of(NoteTemplate.debug("Applying regional pricing rules (EU)"),
            NoteTemplate.info("Product page data assembled"),
            NoteTemplate.warn("Product image CDN URL missing, using placeholder")),
        w -> {
          RequestFacts facts = w.facts();
          String id = Long.toString(facts.productId());
          if (w.cacheAside(getProduct, selectProduct, setProduct, id, 0.25)) {
            w.parallel(
                b -> b.call(stockLevel, stockLevel.path(facts.sku())),
                b -> b.call(recommendations, recommendations.path(id)));
          }
        });
    Endpoint price = Endpoint.http("catalog", "GET", "/products/{id}/price", "PriceController", ms(0.5, 0.4),
        List.of(Failure.of(0.002, 500, "IllegalStateException: product has no active price")),
        List.of(NoteTemplate.debug("Price resolved in EUR")),
        w -> w.query(selectPrice));
    Endpoint search = Endpoint.http("catalog", "GET", "/search", "SearchController", ms(2.5, 0.5),
        List.of(Failure.of(0.002, 503, "SearchTimeoutException: ranking exceeded the 500 ms budget")),
        List.of(NoteTemplate.debug("Applying facet filters: in_stock=true"),
            NoteTemplate.debug("Spell correction not needed")),
        w -> {
          w.note(Level.INFO, "Searching for \"" + w.facts().query() + "\"");
          if (!w.internal(rankResults, r -> r.query(searchProducts))) {
            return;
          }
          int hits = 2 + w.random().nextInt(4);
          w.note(Level.DEBUG, "Checking stock of the top " + hits + " results");
          List<SpanBehavior> lookups = new ArrayList<>(hits);
          for (int i = 0; i < hits; i++) {
            String sku = RequestFacts.sku(RequestFacts.drawProduct(w.random()));
            lookups.add(b -> b.call(stockLevel, stockLevel.path(sku)));
          }
          w.parallel(lookups);
        });

    // cart
    StoreOperation getCart = redis("cart", "GET cart:{id}", 0.25);
    StoreOperation setCart = redis("cart", "SET cart:{id}", 0.3);
    StoreOperation deleteCartKey = redis("cart", "DEL cart:{id}", 0.25);
    StoreOperation selectCart = postgres("cart", "SELECT cart_items", "CartItemRepository", 1.2);
    StoreOperation insertCartItem = postgres("cart", "INSERT cart_items", "CartItemRepository", 1.8);
    StoreOperation deleteCartItems = postgres("cart", "DELETE cart_items", "CartItemRepository", 1.5);
    List<NoteTemplate> cartNotes = List.of(NoteTemplate.debug("Cart total recalculated"),
        NoteTemplate.debug("Applying promotion rules: none matched"));
    Endpoint cart = Endpoint.http("cart", "GET", "/cart/{id}", "CartController", ms(0.6, 0.4),
        List.of(Failure.of(0.002, 500, "ConcurrentModificationException: cart was modified concurrently")),
        cartNotes,
        w -> {
          String user = Long.toString(w.facts().userId());
          if (!w.query(getCart, user) || w.random().nextDouble() >= 0.3) {
            return;
          }
          w.note(Level.DEBUG, "Cache miss for cart:" + user + ", loading from postgres and refreshing prices");
          if (!w.query(selectCart, user)) {
            return;
          }
          int items = 1 + w.random().nextInt(4);
          List<SpanBehavior> priceLookups = new ArrayList<>(items);
          for (int i = 0; i < items; i++) {
            String item = Long.toString(RequestFacts.drawProduct(w.random()));
            priceLookups.add(b -> b.call(price, price.path(item)));
          }
          w.parallel(priceLookups);
          w.query(setCart, user);
        });
    Endpoint addCartItem = Endpoint.http("cart", "POST", "/cart/items", "CartItemController", ms(1.0, 0.5),
        List.of(Failure.of(0.002, 500, "ConcurrentModificationException: cart was modified concurrently")),
        List.of(NoteTemplate.info("Item added to cart"), NoteTemplate.debug("Cart total recalculated")),
        w -> {
          RequestFacts facts = w.facts();
          String id = Long.toString(facts.productId());
          if (w.call(price, price.path(id)) && w.call(stockLevel, stockLevel.path(facts.sku()))
              && w.query(insertCartItem)) {
            w.query(deleteCartKey, Long.toString(facts.userId()));
          }
        });
    Endpoint clearCart = Endpoint.http("cart", "DELETE", "/cart/{id}", "CartController", ms(0.5, 0.4),
        List.of(Failure.of(0.002, 500, "ConcurrentModificationException: cart was modified concurrently")),
        List.of(NoteTemplate.info("Cart cleared after checkout")),
        w -> {
          if (w.query(deleteCartItems)) {
            w.query(deleteCartKey, Long.toString(w.facts().userId()));
          }
        });

    // shipping
    StoreOperation selectRates = postgres("shipping", "SELECT shipping_rates", "ShippingRateRepository", 1.1);
    StoreOperation selectShipments = postgres("shipping", "SELECT shipments", "ShipmentRepository", 1.2);
    StoreOperation insertShipment = postgres("shipping", "INSERT shipments", "ShipmentRepository", 2.0);
    InternalOperation quoteRates = internal("shipping", "RateCalculator.quote", "service.RateCalculator",
        ms(1.5, 0.5), List.of(), List.of(NoteTemplate.debug("Parcel dimensions estimated from catalog data")));
    InternalOperation createLabel = internal("shipping", "LabelService.createLabel", "service.LabelService",
        ms(12, 0.6), List.of(Failure.of(0.001, 0, "CarrierApiException: carrier rejected the address")),
        List.of(NoteTemplate.info("Carrier DHL selected"), NoteTemplate.debug("Label rendered as PDF")));
    Endpoint quote = Endpoint.http("shipping", "POST", "/quotes", "QuoteController", ms(1.0, 0.5),
        List.of(Failure.of(0.002, 500, "RateNotFoundException: no shipping rate for destination zone")),
        List.of(NoteTemplate.debug("Destination zone EU-2")),
        w -> w.internal(quoteRates, q -> q.query(selectRates)));
    Endpoint shipment = Endpoint.http("shipping", "GET", "/shipments/{orderId}", "ShipmentController",
        ms(0.7, 0.4), List.of(Failure.of(0.002, 500, "IllegalStateException: shipment has no carrier")),
        List.of(NoteTemplate.debug("Tracking status refreshed from cache")),
        w -> w.query(selectShipments));
    Endpoint shipOrder = Endpoint.listener("shipping", ORDER_EVENTS, "OrderEventListener", ms(1.0, 0.5),
        List.of(), List.of(NoteTemplate.info("Shipment created"), NoteTemplate.debug("Partition 3, offset lag 0")),
        w -> {
          if (w.internal(createLabel, null)) {
            w.query(insertShipment);
          }
        });

    // notifications
    StoreOperation selectCustomer = postgres("notifications", "SELECT customers", "CustomerRepository", 1.0);
    StoreOperation insertNotification = postgres("notifications", "INSERT notifications", "NotificationRepository",
        1.5);
    StoreOperation sendMail = new StoreOperation(SMTP, new Template("SMTP SEND"),
        "com.shop.notifications.mail.SmtpMailSender", ms(60, 0.6), SMTP_FAILURE, SMTP_NOTES);
    InternalOperation renderEmail = internal("notifications", "EmailRenderer.render", "mail.EmailRenderer",
        ms(3, 0.5), List.of(Failure.of(0.001, 0,
            "TemplateProcessingException: missing variable 'firstName' in order-confirmation.html")),
        List.of(NoteTemplate.debug("Rendering template order-confirmation.html (locale de_DE)")));
    Endpoint notifyCustomer = Endpoint.listener("notifications", ORDER_EVENTS, "OrderEventListener",
        ms(0.8, 0.5), List.of(),
        List.of(NoteTemplate.info("Order confirmation email queued"), NoteTemplate.debug("Partition 3, offset lag 0")),
        w -> {
          if (w.query(selectCustomer) && w.internal(renderEmail, null)
              && w.queryWithRetries(sendMail, 2, 200_000)) {
            w.query(insertNotification);
          }
        });

    // orders
    Topic orderEvents = new Topic(ORDER_EVENTS, KAFKA, "com.shop.orders.events.OrderEventPublisher",
        ms(2.5, 0.5), KAFKA_FAILURE, ms(20, 1.2),
        List.of(NoteTemplate.debug("Record sent to partition order-events-3"),
            NoteTemplate.debug("Waiting for broker acknowledgement (acks=all)")),
        List.of(notifyCustomer, shipOrder));
    StoreOperation insertOrder = postgres("orders", "INSERT orders", "OrderRepository", 2.0);
    StoreOperation insertOrderItems = postgres("orders", "INSERT order_items", "OrderItemRepository", 1.8);
    StoreOperation selectOrder = postgres("orders", "SELECT orders", "OrderRepository", 1.1);
    StoreOperation selectOrderItems = postgres("orders", "SELECT order_items", "OrderItemRepository", 1.2);

    // payments
    StoreOperation selectPaymentMethod = postgres("payments", "SELECT payment_methods", "PaymentMethodRepository",
        1.0);
    StoreOperation insertPayment = postgres("payments", "INSERT payments", "PaymentRepository", 1.8);
    StoreOperation selectPayments = postgres("payments", "SELECT payments", "PaymentRepository", 1.1);
    InternalOperation fraudCheck = internal("payments", "FraudCheck.evaluate", "risk.FraudCheck", ms(4, 0.5),
        List.of(Failure.of(0.0005, 0, "FraudServiceException: risk model timed out")),
        List.of(NoteTemplate.debug("Velocity rules passed"), NoteTemplate.debug("Device fingerprint known")));
    Endpoint charge = Endpoint.http("payments", "POST", "/charge", "PaymentController", ms(25, 0.5),
        List.of(Failure.retryable(0.04, 503, "PaymentProviderUnavailableException: provider returned 503"),
            Failure.of(0.002, 500, "PaymentDeclinedException: card declined")),
        List.of(NoteTemplate.debug("Idempotency key accepted"), NoteTemplate.debug("3-D Secure not required"),
            NoteTemplate.warn("Payment provider latency above SLO")),
        w -> {
          if (w.query(selectPaymentMethod) && w.internal(fraudCheck, null)) {
            w.note(Level.INFO, "Charge authorized for order " + w.facts().orderId());
            w.query(insertPayment);
          }
        });
    Endpoint payments = Endpoint.http("payments", "GET", "/payments/{orderId}", "PaymentController", ms(0.7, 0.4),
        List.of(Failure.of(0.002, 500, "IllegalStateException: payment has no status")),
        List.of(NoteTemplate.debug("Masking card number in response")),
        w -> w.query(selectPayments));

    Endpoint createOrder = Endpoint.http("orders", "POST", "/orders", "OrderController", ms(1.5, 0.5),
        List.of(Failure.of(0.002, 500, "DuplicateKeyException: order number already exists")),
        List.of(NoteTemplate.debug("Order status set to PAID"), NoteTemplate.debug("Order number allocated")),
        w -> {
          if (w.query(insertOrder) && w.query(insertOrderItems)) {
            w.note(Level.INFO, "Created order " + w.facts().orderId());
            w.publish(orderEvents, "OrderCreated");
          }
        });
    Endpoint order = Endpoint.http("orders", "GET", "/orders/{id}", "OrderController", ms(0.9, 0.4),
        List.of(Failure.of(0.002, 500, "IllegalStateException: order has no items")),
        List.of(NoteTemplate.debug("Order found"), NoteTemplate.debug("Mapping order to view model")),
        w -> {
          String id = Long.toString(w.facts().orderId());
          if (w.query(selectOrder) && w.query(selectOrderItems)) {
            w.parallel(
                b -> b.call(payments, payments.path(id)),
                b -> b.call(shipment, shipment.path(id)));
          }
        });

    // checkout
    InternalOperation validateCart = internal("checkout", "CheckoutService.validateCart", "service.CheckoutService",
        ms(0.8, 0.5), List.of(), List.of(NoteTemplate.debug("All cart items still available")));
    Endpoint checkout = Endpoint.http("checkout", "POST", "/checkout", "CheckoutController", ms(2.0, 0.5),
        List.of(Failure.of(0.002, 500, "IllegalStateException: cart total changed during checkout")),
        List.of(NoteTemplate.debug("Applying promotion codes: none"), NoteTemplate.debug("Currency EUR")),
        w -> {
          RequestFacts facts = w.facts();
          String user = Long.toString(facts.userId());
          w.note(Level.INFO, "Checkout started for user " + user);
          if (!w.call(cart, cart.path(user)) || !w.internal(validateCart, null)) {
            return;
          }
          w.parallel(
              b -> b.callWithRetries(reserveStock, reserveStock.path(), 2, 20_000),
              b -> b.call(quote, quote.path()));
          if (w.callWithRetries(charge, charge.path(), 3, 50_000) && w.call(createOrder, createOrder.path())) {
            w.call(clearCart, clearCart.path(user));
          }
        });

    // auth and the gateway in front of everything
    StoreOperation getSession = redis("auth", "GET session:{id}", 0.25);
    StoreOperation setSession = redis("auth", "SET session:{id}", 0.3);
    StoreOperation selectSession = postgres("auth", "SELECT sessions", "SessionRepository", 1.0);
    Endpoint validateToken = Endpoint.http("auth", "POST", "/tokens/validate", "TokenController", ms(0.7, 0.4),
        List.of(Failure.of(0.002, 500, "JwtException: signing key 'k-2026' not found in JWKS cache")),
        List.of(NoteTemplate.debug("JWT signature verified with key k-2026"),
            NoteTemplate.debug("Token expires in 1740 s")),
        w -> w.cacheAside(getSession, selectSession, setSession, Long.toString(w.facts().userId()), 0.1));
    StoreOperation rateLimit = new StoreOperation(REDIS, new Template("EVALSHA request_rate_limiter.{user}.tokens"),
        "org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter", ms(0.3, 0.5), REDIS_FAILURE,
        REDIS_NOTES);

    addRoute(35, "GET", "/api/products/{id}", "/api/products/{id}", f -> Long.toString(f.productId()),
        rateLimit, validateToken, product, f -> product.path(Long.toString(f.productId())));
    addRoute(20, "GET", "/api/search", "/api/search?q={q}", RequestFacts::encodedQuery,
        rateLimit, validateToken, search, f -> search.path() + "?q=" + f.encodedQuery());
    addRoute(20, "POST", "/api/cart/items", "/api/cart/items", f -> "",
        rateLimit, validateToken, addCartItem, f -> addCartItem.path());
    addRoute(10, "GET", "/api/cart", "/api/cart", f -> "",
        rateLimit, validateToken, cart, f -> cart.path(Long.toString(f.userId())));
    addRoute(10, "POST", "/api/checkout", "/api/checkout", f -> "",
        rateLimit, validateToken, checkout, f -> checkout.path());
    addRoute(15, "GET", "/api/orders/{id}", "/api/orders/{id}", f -> Long.toString(f.orderId()),
        rateLimit, validateToken, order, f -> order.path(Long.toString(f.orderId())));
    totalWeight = routes.stream().mapToInt(Route::weight).sum();
    paymentsOfOrder = payments;
    shipmentOfOrder = shipment;
    gatewayRateLimit = rateLimit;
    tokenValidation = validateToken;
  }

  /**
   * The route of one huge request: an admin's export of all orders through the gateway. The orders
   * service pages through its table and looks up the payment and the shipment of every order, one after
   * the other, until the trace holds about {@code events} log entries; a lookup that fails is logged and
   * skipped, as an export does, so the export goes on to the end. Not among the routes users pick.
   */
  Route exportRoute(int events) {
    StoreOperation selectPage = postgres("orders", "SELECT orders OFFSET {offset}", "OrderExportRepository", 4.0);
    Endpoint export = Endpoint.http("orders", "GET", "/orders/export", "OrderExportController", ms(2.0, 0.5),
        List.of(), List.of(NoteTemplate.debug("Streaming export as application/x-ndjson")),
        w -> {
          w.note(Level.INFO, "Exporting all orders as NDJSON");
          for (int page = 0; w.events() < events; page++) {
            if (!w.queryTolerating(selectPage, Integer.toString(page * EXPORT_PAGE_SIZE))) {
              continue;
            }
            for (int i = 0; i < EXPORT_PAGE_SIZE && w.events() < events; i++) {
              String order = Long.toString(100_000 + w.random().nextInt(900_000));
              w.callTolerating(paymentsOfOrder, paymentsOfOrder.path(order));
              w.callTolerating(shipmentOfOrder, shipmentOfOrder.path(order));
            }
          }
        });
    Endpoint gateway = Endpoint.gateway("GET", "/api/admin/orders/export", "/api/admin/orders/export",
        ms(0.8, 0.4), w -> {
          if (w.query(gatewayRateLimit, Long.toString(w.facts().userId()))
              && w.call(tokenValidation, tokenValidation.path())) {
            w.call(export, export.path());
          }
        });
    return new Route(0, gateway, f -> "", export);
  }

  /** A gateway route: rate-limits and authenticates the user, then forwards to the service behind it. */
  private void addRoute(int weight, String method, String route, String pathPattern,
      Function<RequestFacts, String> pathValue, StoreOperation rateLimit, Endpoint authenticate, Endpoint backend,
      Function<RequestFacts, String> backendPath) {
    Endpoint endpoint = Endpoint.gateway(method, route, pathPattern, ms(0.8, 0.4), w -> {
      RequestFacts facts = w.facts();
      if (w.query(rateLimit, Long.toString(facts.userId())) && w.call(authenticate, authenticate.path())) {
        w.call(backend, backendPath.apply(facts));
      }
    });
    routes.add(new Route(weight, endpoint, pathValue, backend));
  }

  /** The services that run on the day of {@code scenario}: the shop's, and the worker when work goes on after the response. */
  static List<String> services(Scenario scenario) {
    if (scenario.afterResponse() == 0) {
      return SERVICES;
    }
    List<String> services = new ArrayList<>(SERVICES);
    services.add(WORKER);
    return List.copyOf(services);
  }

  List<Route> routes() {
    return List.copyOf(routes);
  }

  Route pickRoute(SplittableRandom random) {
    int roll = random.nextInt(totalWeight);
    for (Route route : routes) {
      roll -= route.weight();
      if (roll < 0) {
        return route;
      }
    }
    throw new IllegalStateException("route weights do not add up");
  }

  private static StoreOperation postgres(String service, String statement, String repository, double medianMs) {
    return new StoreOperation(POSTGRES, new Template(statement), "com.shop." + service + ".repository." + repository,
        ms(medianMs, 0.7), POSTGRES_FAILURE, POSTGRES_NOTES);
  }

  private static StoreOperation redis(String service, String command, double medianMs) {
    return new StoreOperation(REDIS, new Template(command), "com.shop." + service + ".cache.RedisCacheClient",
        ms(medianMs, 0.5), REDIS_FAILURE, REDIS_NOTES);
  }

  private static InternalOperation internal(String service, String name, String className, Latency selfTime,
      List<Failure> failures, List<NoteTemplate> notes) {
    return new InternalOperation(name, "com.shop." + service + "." + className, selfTime, failures, notes);
  }
}
