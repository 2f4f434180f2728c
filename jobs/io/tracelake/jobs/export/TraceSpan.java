package io.tracelake.jobs.export;

import java.time.LocalDate;
import java.util.Set;

/**
 * One row of the spans table, as the trace commands use it: times in epoch microseconds. The columns
 * that later schema versions add (timing and parent sources, clock skew, inferred) are null, 0 or
 * false when the partition read has none. {@code day} is the partition ({@code dt}) the span was read from.
 */
public record TraceSpan(String traceId, String spanId, String parentSpanId, String service, String instance,
    String name, String kind, long startUs, long endUs, String status, Integer httpStatus, String exceptionType,
    String peerService, String timingSource, String parentSource, Double parentConfidence, long clockSkewUs,
    boolean inferred, LocalDate day) {

  /** Parent sources that are read from the logs, not inferred: the span's own context or a propagation header. */
  private static final Set<String> LOGGED_PARENTS = Set.of("explicit", "header", "none");

  public long durationUs() {
    return endUs - startUs;
  }

  public boolean isError() {
    return "ERROR".equals(status);
  }

  /** True when tracelake inferred the parent (shared id, call line, enclosing span, ...) rather than read it. */
  public boolean parentInferred() {
    return parentSource != null && !LOGGED_PARENTS.contains(parentSource);
  }

  public boolean skewAdjusted() {
    return clockSkewUs != 0;
  }
}
