package io.tracelake.jobs.run;

import io.tracelake.jobs.aggregate.DayAggregates;
import io.tracelake.model.trace.ServiceCalls;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one write-and-rebuild task returns to the driver: the files it wrote (only the accepted task's are
 * committed), the rebuild's counts and the partial aggregates of the traces it rebuilt. Nothing is read back.
 */
final class RebuildResult implements Serializable {
  private static final long serialVersionUID = 1L;

  final List<String> files = new ArrayList<>();
  final DayAggregates aggregates = new DayAggregates();
  long marginEvents;
  /** Every trace rebuilt, the day's and those whose root starts in a margin (the neighbour's). */
  long rebuiltTraces;
  long traces;
  long spans;
  long duplicateEvents;
  long truncatedTraces;
  long skewAdjustedTraces;
  long syntheticRoots;
  long orphanSpans;
  long inferredSpans;

  /** The sum of the tasks' counts, files and aggregates. */
  static RebuildResult sum(List<RebuildResult> parts) {
    RebuildResult total = new RebuildResult();
    for (RebuildResult part : parts) {
      total.files.addAll(part.files);
      total.aggregates.merge(part.aggregates);
      total.marginEvents += part.marginEvents;
      total.rebuiltTraces += part.rebuiltTraces;
      total.traces += part.traces;
      total.spans += part.spans;
      total.duplicateEvents += part.duplicateEvents;
      total.truncatedTraces += part.truncatedTraces;
      total.skewAdjustedTraces += part.skewAdjustedTraces;
      total.syntheticRoots += part.syntheticRoots;
      total.orphanSpans += part.orphanSpans;
      total.inferredSpans += part.inferredSpans;
    }
    return total;
  }

  RunReport.Rebuild rebuild(ServiceCalls serviceCalls) {
    return new RunReport.Rebuild(marginEvents, rebuiltTraces - traces, duplicateEvents, truncatedTraces,
        skewAdjustedTraces, syntheticRoots, orphanSpans, inferredSpans, serviceCalls.callersByCallee(),
        serviceCalls.mentionersByService());
  }
}
