package io.tracelake.model;

import java.util.List;

/**
 * One request end to end: its root, its extent in time, how many spans and services it touched, and how
 * complete its rebuild is.
 *
 * <p>{@code rootSource} is {@code found} when a span with no parent exists and {@code synthetic} when
 * tracelake had to make the root up; {@code rootCount} counts spans without a parent, {@code orphanSpans}
 * spans whose parent id names no span of the trace. {@code criticalPath} is the chain of spans that sets
 * the root's latency, in time order, each with the time it spent on the path itself.
 */
public record TraceSummary(
    String traceId,
    String rootSpanId,
    String rootService,
    String rootOperation,
    long startUs,
    long endUs,
    int spanCount,
    int serviceCount,
    boolean error,
    RootSource rootSource,
    int rootCount,
    int orphanSpans,
    boolean skewAdjusted,
    int duplicateEvents,
    boolean truncated,
    List<PathStep> criticalPath) {

  public TraceSummary {
    criticalPath = criticalPath == null ? List.of() : List.copyOf(criticalPath);
  }

  public long durationUs() {
    return endUs - startUs;
  }

  /** One span on the critical path and the time it spent there itself, not waiting for a child. */
  public record PathStep(String spanId, long selfUs) {}
}
