package io.tracelake.simulator;

import java.time.LocalDate;
import java.util.List;

/** The spans of one request, in order of start time. */
record SimulatedTrace(String traceId, List<SimulatedSpan> spans) {

  /** When the root span started, true time. */
  long startUs() {
    return spans.get(0).startUs;
  }

  /** The UTC day the root span started on. */
  LocalDate day() {
    return LocalDate.ofEpochDay(Math.floorDiv(startUs(), DayFiles.MICROS_PER_DAY));
  }

  /** The span with id {@code spanId}; a linear search, for the rare lookups of counting. */
  SimulatedSpan byId(String spanId) {
    for (SimulatedSpan span : spans) {
      if (span.spanId.equals(spanId)) {
        return span;
      }
    }
    throw new IllegalArgumentException("no span " + spanId + " in trace " + traceId);
  }

  long endUs() {
    long end = Long.MIN_VALUE;
    for (SimulatedSpan span : spans) {
      end = Math.max(end, span.endUs);
    }
    return end;
  }
}
