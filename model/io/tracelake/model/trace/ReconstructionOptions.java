package io.tracelake.model.trace;

/**
 * How a trace is rebuilt: the largest clock correction tracelake may apply to a host ({@code maxSkewUs}),
 * the most events of one trace it reads before it flags the trace as truncated ({@code maxEventsPerTrace}),
 * and the message patterns it reads evidence from.
 */
public record ReconstructionOptions(long maxSkewUs, int maxEventsPerTrace, LineEvidence evidence) {

  /** One second: NTP keeps servers far closer; a bigger gap is more likely a wrong link than a clock. */
  public static final long DEFAULT_MAX_SKEW_US = 1_000_000;
  /** Enough for any request a person reads; a batch job's trace beyond it is cut, not a failed task. */
  public static final int DEFAULT_MAX_EVENTS_PER_TRACE = 200_000;

  public ReconstructionOptions {
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
  }

  public static ReconstructionOptions defaults() {
    return new ReconstructionOptions(DEFAULT_MAX_SKEW_US, DEFAULT_MAX_EVENTS_PER_TRACE, LineEvidence.defaults());
  }
}
