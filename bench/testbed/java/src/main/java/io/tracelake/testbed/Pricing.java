package io.tracelake.testbed;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices (Logback with a pattern layout). Exercises: server errors with a stack trace (the gateway retries
 * them), an INTERNAL span that logs one line, and an endpoint that logs nothing.
 */
public final class Pricing {
  private static final Logger LOG = LoggerFactory.getLogger(Pricing.class);
  private static final double FAILURE_RATE = Double.parseDouble(System.getProperty("pricing.failure.rate", "0.12"));

  public static void main(String[] args) {
    Pricing pricing = new Pricing();
    Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
    app.get("/prices/{id}", pricing::price);
    app.get("/discounts/{id}", pricing::discount);
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("GET {} failed", ctx.path(), e);
      ctx.status(500).result("pricing error");
    });
    app.start("127.0.0.1", Downstream.port("pricing"));
  }

  private void price(Context ctx) throws InterruptedException {
    String id = ctx.pathParam("id");
    LOG.info("Computing price for {}", id);
    long cents = tariff(id);
    if (ThreadLocalRandom.current().nextDouble() < FAILURE_RATE) {
      throw new IllegalStateException("tariff table locked while computing " + id);
    }
    ctx.result(Long.toString(cents));
  }

  /** An INTERNAL span (made by the agent from the annotation) with one line of its own. */
  @WithSpan("tariff lookup")
  public long tariff(@SpanAttribute("item") String id) throws InterruptedException {
    Thread.sleep(ThreadLocalRandom.current().nextInt(1, 6));
    long cents = 100 + Math.floorMod(id.hashCode(), 9_900);
    LOG.debug("Tariff for {} is {} cents", id, cents);
    return cents;
  }

  /** Logs nothing: its span is in the truth only. */
  private void discount(Context ctx) throws InterruptedException {
    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 4));
    ctx.result(Integer.toString(Math.floorMod(ctx.pathParam("id").hashCode(), 30)));
  }
}
