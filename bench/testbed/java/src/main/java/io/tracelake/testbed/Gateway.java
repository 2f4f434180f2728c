package io.tracelake.testbed;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry service (Logback with logstash-logback-encoder, JSON lines). Exercises: a synchronous call with
 * retries, parallel calls on an executor, a call whose caller logs only after it returned, a 202 hand-off to
 * an asynchronous worker, and a request that logs nothing.
 */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final int ATTEMPTS = 3;

  private final ExecutorService fanOut = Executors.newFixedThreadPool(8);
  private final int pricing = Downstream.port("pricing");
  private final int billing = Downstream.port("billing");
  private final int[] inventory = {Downstream.port("inventory1"), Downstream.port("inventory2")};
  private final AtomicInteger nextInventory = new AtomicInteger();

  public static void main(String[] args) {
    Gateway gateway = new Gateway();
    Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
    app.get("/api/orders/{id}", gateway::order);
    app.get("/api/catalog/{id}", gateway::catalog);
    app.post("/api/reports/{id}", gateway::report);
    app.get("/api/health", ctx -> ctx.result("ok"));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
      ctx.status(502).result("upstream failed");
    });
    app.start("127.0.0.1", Downstream.port("gateway"));
  }

  private int inventoryPort() {
    return inventory[Math.floorMod(nextInventory.getAndIncrement(), inventory.length)];
  }

  /** One line before the calls; the price with retries, then stock and discount in parallel. */
  private void order(Context ctx) throws Exception {
    String id = ctx.pathParam("id");
    LOG.info("Order lookup {}", id);
    Downstream.Answer price = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      price = Downstream.get(pricing, "/prices/" + id);
      if (price.ok()) {
        break;
      }
      if (attempt < ATTEMPTS) {
        LOG.warn("pricing answered {} for {}, retrying ({}/{})", price.status(), id, attempt, ATTEMPTS - 1);
      }
    }
    if (!price.ok()) {
      throw new IllegalStateException("pricing failed " + ATTEMPTS + " times for order " + id);
    }
    int stockPort = inventoryPort();
    Future<Downstream.Answer> stock = fanOut.submit(() -> Downstream.get(stockPort, "/stock/" + id));
    Future<Downstream.Answer> discount = fanOut.submit(() -> Downstream.get(pricing, "/discounts/" + id));
    Downstream.Answer stockAnswer = stock.get();
    Downstream.Answer discountAnswer = discount.get();
    if (!stockAnswer.ok()) {
      LOG.warn("Order {} has no stock answer ({})", id, stockAnswer.status());
      ctx.status(404).result("no stock");
      return;
    }
    ctx.json(java.util.Map.of("id", id, "price", price.body(), "stock", stockAnswer.body(),
        "discount", discountAnswer.body()));
  }

  /** Logs nothing before the call and one line after it returned. */
  private void catalog(Context ctx) throws Exception {
    String id = ctx.pathParam("id");
    Downstream.Answer stock = Downstream.get(inventoryPort(), "/stock/" + id);
    LOG.info("Catalog entry {} answered by inventory with {}", id, stock.status());
    ctx.status(stock.ok() ? 200 : 404).result(stock.body());
  }

  /** Hands a report to billing, which answers 202 and does the work after the response. */
  private void report(Context ctx) throws Exception {
    String id = ctx.pathParam("id");
    LOG.info("Report {} requested", id);
    Downstream.Answer accepted = Downstream.post(billing, "/jobs/" + id, "{\"report\":\"" + id + "\"}");
    ctx.status(accepted.status() == 202 ? 202 : 502).result(accepted.body());
  }
}
