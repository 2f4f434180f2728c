package io.tracelake.model.trace;

/**
 * How a trace is rebuilt: the largest clock correction tracelake may apply to a host ({@code maxSkewUs}),
 * the most events of one trace it reads before it flags the trace as truncated ({@code maxEventsPerTrace}),
 * the message patterns it reads evidence from, and how far a parent's lines may stop short of its child
 * ({@code enclosureToleranceUs}: a span whose lines end just before another service's span starts, or begin
 * just after it ended, can still be its parent when nothing encloses it).
 */
public record RebuildOptions(long maxSkewUs, int maxEventsPerTrace, LineEvidence evidence,
    long enclosureToleranceUs) {

  /** One second: NTP keeps servers far closer; a bigger gap is more likely a wrong link than a clock. */
  public static final long DEFAULT_MAX_SKEW_US = 1_000_000;
  /** Enough for any request a person reads; a batch job's trace beyond it is cut, not a failed task. */
  public static final int DEFAULT_MAX_EVENTS_PER_TRACE = 200_000;
  /**
   * 10 ms: a controller's last line before its call, or a servlet's line after the call returned, is a few
   * milliseconds from the callee's first or last line (a hop on a local network, a handler's first line);
   * further off, the previous callee of the same caller (a sibling) is as likely to be that near as a parent.
   */
  public static final long DEFAULT_ENCLOSURE_TOLERANCE_US = 10_000;
  /** The tolerance is bounded: beyond a minute, "near" would mean "anything in the trace". */
  public static final long MAX_ENCLOSURE_TOLERANCE_US = 60_000_000;

  public RebuildOptions {
    if (maxSkewUs < 0) {
      throw new IllegalArgumentException("Invalid maximum clock skew: " + maxSkewUs + " µs; it must not be negative");
    }
    if (maxEventsPerTrace < 1) {
      throw new IllegalArgumentException(
          "Invalid maximum events per trace: " + maxEventsPerTrace + "; it must be at least 1");
    }
    if (evidence == null) {
      throw new IllegalArgumentException("Invalid evidence patterns: null");
    }
    if (enclosureToleranceUs < 0 || enclosureToleranceUs > MAX_ENCLOSURE_TOLERANCE_US) {
      throw new IllegalArgumentException("Invalid enclosure tolerance: " + enclosureToleranceUs
          + " µs; it must be between 0 and " + MAX_ENCLOSURE_TOLERANCE_US + " µs");
    }
  }

  /** The options with the default enclosure tolerance. */
  public RebuildOptions(long maxSkewUs, int maxEventsPerTrace, LineEvidence evidence) {
    this(maxSkewUs, maxEventsPerTrace, evidence, DEFAULT_ENCLOSURE_TOLERANCE_US);
  }

  public static RebuildOptions defaults() {
    return new RebuildOptions(DEFAULT_MAX_SKEW_US, DEFAULT_MAX_EVENTS_PER_TRACE, LineEvidence.defaults());
  }
}
