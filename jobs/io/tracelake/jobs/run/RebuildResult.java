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

  /** Adds a task's counts, files and aggregates to these; returns this. */
  RebuildResult add(RebuildResult part) {
    files.addAll(part.files);
    aggregates.merge(part.aggregates);
    marginEvents += part.marginEvents;
    rebuiltTraces += part.rebuiltTraces;
    traces += part.traces;
    spans += part.spans;
    duplicateEvents += part.duplicateEvents;
    truncatedTraces += part.truncatedTraces;
    skewAdjustedTraces += part.skewAdjustedTraces;
    syntheticRoots += part.syntheticRoots;
    orphanSpans += part.orphanSpans;
    inferredSpans += part.inferredSpans;
    return this;
  }

  RunReport.Rebuild rebuild(ServiceCalls serviceCalls) {
    return new RunReport.Rebuild(marginEvents, rebuiltTraces - traces, duplicateEvents, truncatedTraces,
        skewAdjustedTraces, syntheticRoots, orphanSpans, inferredSpans, serviceCalls.callersByCallee(),
        serviceCalls.mentionersByService());
  }
}
