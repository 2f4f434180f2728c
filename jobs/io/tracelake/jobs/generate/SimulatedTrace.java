package io.tracelake.jobs.generate;

import java.util.List;

/** The spans of one request, in order of start time. */
record SimulatedTrace(String traceId, List<SimulatedSpan> spans) {

  long endUs() {
    long end = Long.MIN_VALUE;
    for (SimulatedSpan span : spans) {
      end = Math.max(end, span.endUs);
    }
    return end;
  }
}
