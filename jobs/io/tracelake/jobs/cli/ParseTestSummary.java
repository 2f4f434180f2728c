package io.tracelake.jobs.cli;

import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.model.TimeSource;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a run with a source's config would lose, from the entries parse-test read: events without a trace
 * id (and the fields that held something like an id, which a field mapping or pattern could read), lines
 * rejected by reason, and events whose time is a fallback rather than their own.
 */
final class ParseTestSummary {

  private static final Pattern ID_VALUE = Pattern.compile(
      "(?i)[0-9a-f]{16}|[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\\d{15,20}"
          + "|00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final Pattern ID_NAME = Pattern.compile("(?i).*(trace|span|request|correlation|req_?id).*");
  /** Attributes with an id-like name that are not ids. */
  private static final Set<String> NOT_IDS = Set.of("trace_flags", "trace_sampled", "trace_context_source",
      "span_event", "span_kind", "span_name", "envelope_time");

  private long events;
  private long withTraceId;
  private long withSpanId;
  private long lines;
  private final Map<String, Long> rejects = new TreeMap<>();
  private final Map<String, Long> idLikeFields = new TreeMap<>();
  private final Map<String, Long> timeFallbacks = new TreeMap<>();

  void add(ParsedLine entry) {
    lines += entry.lineCount();
    if (!entry.isEvent()) {
      rejects.merge(entry.reject().reason().code(), 1L, Long::sum);
      return;
    }
    LogEvent event = entry.event();
    events++;
    withSpanId += event.spanId() == null ? 0 : 1;
    if (event.timeSource() != TimeSource.LINE) {
      timeFallbacks.merge(event.timeSource().code(), 1L, Long::sum);
    }
    if (event.traceId() != null) {
      withTraceId++;
      return;
    }
    for (Map.Entry<String, String> attribute : event.attributes().entrySet()) {
      String name = attribute.getKey();
      String value = attribute.getValue() == null ? "" : attribute.getValue().trim();
      if (!NOT_IDS.contains(name) && !value.isEmpty()
          && (ID_NAME.matcher(name).matches() || ID_VALUE.matcher(value).matches())) {
        idLikeFields.merge(name, 1L, Long::sum);
      }
    }
  }

  long events() {
    return events;
  }

  Map<String, Long> rejects() {
    return rejects;
  }

  void print(PrintWriter out) {
    long rejected = rejects.values().stream().mapToLong(Long::longValue).sum();
    out.printf(Locale.ROOT, "%d events, %d rejects%s%n", events, rejected, rejects.isEmpty() ? ""
        : rejects.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ", " (", ")")));
    boolean lost = false;
    if (events > withTraceId) {
      lost = true;
      out.printf(Locale.ROOT, "WARNING: %d of %d events have no trace id: a run puts them in no trace%n",
          events - withTraceId, events);
      if (!idLikeFields.isEmpty()) {
        out.println("  fields that held something like an id in them: " + idLikeFields.entrySet().stream()
            .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "))
            + "; map one with fields: {trace_id: [NAME]}, or find it in the message with request_id_patterns");
      } else {
        out.println("  no field looked like an id; if the message holds one, find it with request_id_patterns");
      }
    }
    if (withTraceId > 0 && withSpanId == 0) {
      out.printf(Locale.ROOT, "note: no event has a span id: spans are inferred from the messages "
          + "(see SCHEMA.md, How traces are rebuilt)%n");
    }
    if (rejected > 0) {
      lost = true;
      out.printf(Locale.ROOT, "WARNING: %d of %d entries rejected (%s): a run stores them in rejects only%n",
          rejected, rejected + events, rejects.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", ")));
    }
    if (!timeFallbacks.isEmpty()) {
      long fallbacks = timeFallbacks.values().stream().mapToLong(Long::longValue).sum();
      out.printf(Locale.ROOT, "note: %d of %d events have no time of their own and took a fallback (%s)%n",
          fallbacks, events, timeFallbacks.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", ")));
    }
    if (!lost) {
      out.printf(Locale.ROOT, "nothing lost: every entry of the %d lines read is an event with a trace id%n", lines);
    }
  }
}
