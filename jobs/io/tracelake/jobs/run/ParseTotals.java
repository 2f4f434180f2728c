package io.tracelake.jobs.run;

import io.tracelake.model.trace.ServiceCalls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of the parse stage, per file and in total, from the splits' {@link FileStats}; and the files the parse
 * tasks wrote that the run keeps: one attempt's per split (a retried or speculative task reports its split again,
 * with the same counts and files of its own).
 */
record ParseTotals(List<RunReport.FileReport> files, long linesRead, long events, long eventLines,
    long eventsWithTraceId, long rejects, long rejectLines, Map<String, Long> rejectsByReason, long filesWithErrors,
    List<String> acceptedFiles, Map<String, Long> redactedByRule, long redactedEntries, ServiceCalls serviceCalls) {

  static ParseTotals of(List<FileStats> collected, List<InputFile> inputs, Map<String, Long> splitFileLines) {
    Map<String, FileStats> bySplit = new HashMap<>();
    for (FileStats stats : collected) {
      bySplit.putIfAbsent(stats.uri + "@" + stats.start, stats);
    }
    List<String> accepted = new ArrayList<>();
    Map<String, FileStats> byFile = new HashMap<>();
    ServiceCalls.Collector calls = new ServiceCalls.Collector(null);
    for (FileStats split : bySplit.values()) {
      accepted.addAll(split.files);
      if (split.calls != null) {
        calls.addAll(split.calls);
      }
      FileStats file = byFile.computeIfAbsent(split.uri, uri -> new FileStats(uri, 0));
      file.lines += split.lines;
      file.events += split.events;
      file.eventLines += split.eventLines;
      file.eventsWithTraceId += split.eventsWithTraceId;
      file.rejectLines += split.rejectLines;
      split.rejectsByReason.forEach((reason, n) -> file.rejectsByReason.merge(reason, n, Long::sum));
      file.error = file.error != null ? file.error : split.error;
      split.redactedByRule.forEach((rule, n) -> file.redactedByRule.merge(rule, n, Long::sum));
      file.redactedEntries += split.redactedEntries;
    }
    // a split file's line count is the one its line feeds give, not its entries' sum: the check stays a check
    splitFileLines.forEach((uri, lines) -> {
      FileStats file = byFile.get(uri);
      if (file != null && file.error == null) {
        file.lines = lines;
      }
    });
    List<RunReport.FileReport> files = new ArrayList<>();
    Map<String, Long> byReason = new TreeMap<>();
    long lines = 0;
    long events = 0;
    long eventLines = 0;
    long withTraceId = 0;
    long rejects = 0;
    long rejectLines = 0;
    long withErrors = 0;
    Map<String, Long> redactedByRule = new TreeMap<>();
    long redactedEntries = 0;
    for (InputFile input : inputs) {
      FileStats stats = byFile.get(input.uri());
      if (stats == null) {
        stats = new FileStats(input.uri(), 0);
        stats.error = "no result for this file";
      }
      files.add(new RunReport.FileReport(input.source().name(), input.uri(), input.bytes(), stats.lines,
          stats.events, stats.eventLines, stats.rejects(), stats.error));
      stats.rejectsByReason.forEach((reason, n) -> byReason.merge(reason, n, Long::sum));
      lines += stats.lines;
      events += stats.events;
      eventLines += stats.eventLines;
      withTraceId += stats.eventsWithTraceId;
      rejects += stats.rejects();
      rejectLines += stats.rejectLines;
      withErrors += stats.error == null ? 0 : 1;
      stats.redactedByRule.forEach((rule, n) -> redactedByRule.merge(rule, n, Long::sum));
      redactedEntries += stats.redactedEntries;
    }
    return new ParseTotals(files, lines, events, eventLines, withTraceId, rejects, rejectLines, byReason, withErrors,
        accepted, redactedByRule, redactedEntries, calls.calls());
  }
}
