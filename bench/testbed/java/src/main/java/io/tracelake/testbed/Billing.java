package io.tracelake.testbed;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Report jobs (Logback with the ECS encoder). Exercises work after the response: POST /jobs answers 202 at
 * once and a worker thread picks the job up later; the agent carries the request's context into the
 * scheduled task, so the worker's span and calls belong to the request's trace, after its server span ended.
 */
public final class Billing {
  private static final Logger LOG = LoggerFactory.getLogger(Billing.class);

  private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable);
    thread.setName("job-worker-" + thread.getId());
    thread.setDaemon(true);
    return thread;
  });
  private final ReportJob job = new ReportJob(Downstream.port("inventory1"), Downstream.port("ledger"));

  public static void main(String[] args) {
    Billing billing = new Billing();
    Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
    app.post("/jobs/{id}", billing::accept);
    app.start("127.0.0.1", Downstream.port("billing"));
    Runtime.getRuntime().addShutdownHook(new Thread(billing::drain));
  }

  private void accept(Context ctx) {
    String id = ctx.pathParam("id");
    LOG.info("Accepted report job {}", id);
    long delayMs = ThreadLocalRandom.current().nextLong(20, 400);
    workers.schedule(() -> job.run(id), delayMs, TimeUnit.MILLISECONDS);
    ctx.status(202).result("{\"job\":\"" + id + "\",\"state\":\"queued\"}");
  }

  /** Lets queued jobs finish before the agent flushes its spans at exit. */
  private void drain() {
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
