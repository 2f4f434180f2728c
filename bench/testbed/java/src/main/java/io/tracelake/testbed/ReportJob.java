package io.tracelake.testbed;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The work of one report job, done by a billing worker after the request was answered. */
public class ReportJob {
  private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);

  private final int inventory;
  private final int ledger;

  ReportJob(int inventory, int ledger) {
    this.inventory = inventory;
    this.ledger = ledger;
  }

  /** An INTERNAL span of its own (the annotation), a child of the already answered request's span. */
  @WithSpan("process report job")
  public void run(@SpanAttribute("job") String id) {
    LOG.info("Processing report job {}", id);
    try {
      Downstream.Answer reserved = Downstream.post(inventory, "/reserve/" + id, "{}");
      Downstream.Answer booked = Downstream.post(ledger, "/entries/" + id, "{}");
      if (!reserved.ok() || !booked.ok()) {
        LOG.error("Report job {} failed: inventory {}, ledger {}", id, reserved.status(), booked.status());
        return;
      }
      LOG.info("Report job {} done", id);
    } catch (Exception e) {
      LOG.error("Report job {} failed", id, e);
    }
  }
}
