package io.tracelake.jobs.config;

import io.tracelake.model.trace.LineEvidence;
import io.tracelake.model.trace.RebuildOptions;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code rebuild:} section: how traces are rebuilt and how far into the neighbouring days the
 * job reads so that a trace crossing midnight is whole.
 *
 * @param maxClockSkewMs the largest clock correction applied to a host within a trace
 * @param maxEventsPerTrace events of one trace read before the rest is skipped and the trace flagged truncated
 * @param dayMarginMinutes minutes of the previous and the next day read with a day
 * @param enclosureToleranceMs how far a caller's lines may stop short of (or begin after) another service's
 *     span and still make it that caller's child
 * @param evidence per evidence kind ({@link LineEvidence.Kind#key()}), patterns replacing the defaults
 */
public record RebuildConfig(long maxClockSkewMs, int maxEventsPerTrace, int dayMarginMinutes,
    long enclosureToleranceMs, Map<String, List<String>> evidence) implements Serializable {

  private static final long serialVersionUID = 1L;
  public static final int DEFAULT_DAY_MARGIN_MINUTES = 15;

  public RebuildConfig {
    evidence = Map.copyOf(evidence);
  }

  public static RebuildConfig defaults() {
    return new RebuildConfig(RebuildOptions.DEFAULT_MAX_SKEW_US / 1000,
        RebuildOptions.DEFAULT_MAX_EVENTS_PER_TRACE, DEFAULT_DAY_MARGIN_MINUTES,
        RebuildOptions.DEFAULT_ENCLOSURE_TOLERANCE_US / 1000, Map.of());
  }

  public long dayMarginUs() {
    return dayMarginMinutes * 60_000_000L;
  }

  /** The options of the rebuild; compiles the evidence patterns, so build it once per task. */
  public RebuildOptions options() {
    Map<LineEvidence.Kind, List<String>> overrides = new EnumMap<>(LineEvidence.Kind.class);
    for (LineEvidence.Kind kind : LineEvidence.Kind.values()) {
      List<String> patterns = evidence.get(kind.key());
      if (patterns != null) {
        overrides.put(kind, patterns);
      }
    }
    return new RebuildOptions(maxClockSkewMs * 1000, maxEventsPerTrace,
        overrides.isEmpty() ? LineEvidence.defaults() : new LineEvidence(overrides), enclosureToleranceMs * 1000);
  }
}
