package io.tracelake.jobs.run;

import io.tracelake.model.trace.ServiceCalls;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What parsing one file yielded, tallied by the task that parsed it and sent back to the driver in an
 * accumulator: lines read, events (and the lines folded into them), rejects by reason, values redacted, read error.
 * A split parsed twice (a retried task) reports the same figures, so the driver keeps one per split.
 */
final class FileStats implements Serializable {
  private static final long serialVersionUID = 1L;

  final String uri;
  /** Where the split these stats are of starts (0 for a whole file). */
  final long start;
  long lines;
  long events;
  long eventLines;
  long eventsWithTraceId;
  final Map<String, Long> rejectsByReason = new TreeMap<>();
  long rejectLines;
  String error;
  /** Values redacted by rule, and the entries (events and rejects) that had any. */
  final Map<String, Long> redactedByRule = new TreeMap<>();
  long redactedEntries;
  /** What the split's correlated lines say about which service calls which; null for a file that failed to open. */
  ServiceCalls.Collector calls;
  /** Files the task that parsed the split wrote itself (its rejects, its events without a trace id). */
  final java.util.List<String> files = new java.util.ArrayList<>();

  FileStats(String uri, long start) {
    this.uri = uri;
    this.start = start;
  }

  long rejects() {
    return rejectsByReason.values().stream().mapToLong(Long::longValue).sum();
  }
}
