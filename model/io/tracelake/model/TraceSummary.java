package io.tracelake.model;

/** One request end to end: its root, its extent in time, and how many spans and services it touched. */
public record TraceSummary(
    String traceId,
    String rootSpanId,
    String rootService,
    String rootOperation,
    long startUs,
    long endUs,
    int spanCount,
    int serviceCount,
    boolean error) {

  public long durationUs() {
    return endUs - startUs;
  }
}
