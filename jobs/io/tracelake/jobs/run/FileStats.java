package io.tracelake.jobs.run;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What parsing one file yielded, tallied by the task that parsed it and sent back to the driver in an
 * accumulator: lines read, events (and the lines folded into them), rejects by reason, read error.
 * A file parsed twice (a retried task) reports the same figures, so the driver keeps one per file.
 */
final class FileStats implements Serializable {
  private static final long serialVersionUID = 1L;

  final String uri;
  long lines;
  long events;
  long eventLines;
  long eventsWithTraceId;
  final Map<String, Long> rejectsByReason = new TreeMap<>();
  long rejectLines;
  String error;

  FileStats(String uri) {
    this.uri = uri;
  }

  long rejects() {
    return rejectsByReason.values().stream().mapToLong(Long::longValue).sum();
  }
}
