package io.tracelake.testbed;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Report jobs (Logback with the ECS encoder). Exercises work after the response: POST /jobs answers 202 at
 * once and the job is done later, in turn by a scheduled executor (the agent carries the request's context
 * into the task, so the worker's span is a child of the already ended server span) and through an in-process
 * broker (a PRODUCER span when queued, a CONSUMER span when a listener takes it up).
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
  private final JobQueue queue;
  private final AtomicLong accepted = new AtomicLong();

  private Billing() throws Exception {
    queue = new JobQueue("report-jobs", job::run);
  }

  public static void main(String[] args) throws Exception {
    Billing billing = new Billing();
    Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
    app.post("/jobs/{id}", billing::accept);
    app.start("127.0.0.1", Downstream.port("billing"));
    Runtime.getRuntime().addShutdownHook(new Thread(billing::drain));
  }

  private void accept(Context ctx) throws Exception {
    String id = ctx.pathParam("id");
    long delayMs = ThreadLocalRandom.current().nextLong(20, 400);
    if (accepted.incrementAndGet() % 2 == 0) {
      LOG.info("Accepted report job {}, queued", id);
      queue.send(id, delayMs);
    } else {
      LOG.info("Accepted report job {}", id);
      workers.schedule(() -> job.run(id), delayMs, TimeUnit.MILLISECONDS);
    }
    ctx.status(202).result("{\"job\":\"" + id + "\",\"state\":\"queued\"}");
  }

  /** Lets scheduled jobs finish before the agent flushes its spans at exit. */
  private void drain() {
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
      queue.close();
    } catch (Exception e) {
      LOG.warn("Stopping the job queue failed", e);
    }
  }
}
