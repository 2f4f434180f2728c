package io.tracelake.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracelake.jobs.run.RunHistory;
import io.tracelake.jobs.run.RunReport;
import java.util.Locale;

/** One day's state as {@code run} and {@code status} print it: a line for people, a JSON object for schedulers. */
final class DaySummaries {

  static final ObjectMapper JSON = new ObjectMapper();

  private DaySummaries() {}

  /** The column heads of {@link #line}. */
  static String header() {
    return String.format(Locale.ROOT, "%-10s  %-13s  %-25s  %12s  %10s  %10s  %9s  %s", "day", "state", "run",
        "lines", "spans", "traces", "seconds", "note");
  }

  /** {@code 2026-11-20  complete  20261121T071658Z-24630970  58,007  18,204  1,000  9.8}, then a note. */
  static String line(RunHistory.Day day, String note) {
    RunReport report = day.report();
    RunReport.Counts counts = report == null ? null : report.counts();
    String text = String.format(Locale.ROOT, "%-10s  %-13s  %-25s  %12s  %10s  %10s  %9s", day.date(),
        day.state().key(), report == null ? "-" : report.runId(),
        counts == null ? "-" : String.format(Locale.ROOT, "%,d", counts.linesRead()),
        counts == null ? "-" : String.format(Locale.ROOT, "%,d", counts.spans()),
        counts == null ? "-" : String.format(Locale.ROOT, "%,d", counts.traces()),
        report == null ? "-" : String.format(Locale.ROOT, "%.1f", report.seconds()));
    String why = note != null ? note : report == null ? null : report.error() != null ? report.error()
        : report.warnings() != null && !report.warnings().isEmpty() ? String.join("; ", report.warnings()) : null;
    return why == null ? text : text + "  " + why;
  }

  /** The day as one JSON object: state, run, counts, seconds, error and warnings, where its report is. */
  static ObjectNode json(RunHistory.Day day) {
    ObjectNode node = JSON.createObjectNode();
    node.put("date", day.date().toString());
    node.put("state", day.state().key());
    RunReport report = day.report();
    if (report == null) {
      return node;
    }
    node.put("run_id", report.runId());
    node.put("outcome", report.outcome());
    node.put("report", report.path());
    node.put("seconds", report.seconds());
    if (report.counts() != null) {
      RunReport.Counts c = report.counts();
      node.put("input_files", c.inputFiles()).put("lines_read", c.linesRead()).put("events", c.events())
          .put("rejects", c.rejects()).put("spans", c.spans()).put("traces", c.traces());
    }
    if (report.aggregates() != null && !report.aggregates().isEmpty()) {
      ObjectNode aggregates = node.putObject("aggregates");
      report.aggregates().forEach(aggregates::put);
    }
    node.put("error", report.error());
    if (report.warnings() != null) {
      report.warnings().forEach(node.putArray("warnings")::add);
    }
    return node;
  }
}
