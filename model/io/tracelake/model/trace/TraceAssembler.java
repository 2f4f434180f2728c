package io.tracelake.model.trace;

import io.tracelake.model.Level;
import io.tracelake.model.LogEvent;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TraceSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rebuilds the spans of one trace from events that carry explicit span ids.
 *
 * <p>A span's start and end are its start and end marker lines when it logged them (see
 * {@link SpanMarkers}), else its first and last event. Plain Java over one trace, so that Spark only
 * groups by trace id and calls it.
 */
public final class TraceAssembler {

  private TraceAssembler() {}

  /**
   * @param events events of one trace, in any order; events without a span id are ignored
   * @return the trace, or null when no event had a span id
   */
  public static AssembledTrace assemble(List<LogEvent> events) {
    Map<String, List<LogEvent>> bySpan = new TreeMap<>();
    String traceId = null;
    for (LogEvent event : events) {
      if (event.spanId() == null) {
        continue;
      }
      traceId = event.traceId();
      bySpan.computeIfAbsent(event.spanId(), id -> new ArrayList<>()).add(event);
    }
    if (bySpan.isEmpty()) {
      return null;
    }
    List<Span> spans = new ArrayList<>(bySpan.size());
    for (Map.Entry<String, List<LogEvent>> entry : bySpan.entrySet()) {
      spans.add(toSpan(traceId, entry.getKey(), entry.getValue()));
    }
    spans.sort(Comparator.comparingLong(Span::startUs).thenComparing(Span::spanId));
    return new AssembledTrace(summarize(traceId, spans), spans);
  }

  private static Span toSpan(String traceId, String spanId, List<LogEvent> events) {
    events.sort(Comparator.comparingLong(LogEvent::timestampUs));
    LogEvent first = events.get(0);
    LogEvent last = events.get(events.size() - 1);
    LogEvent startMarker = null;
    LogEvent endMarker = null;
    String parent = null;
    String name = null;
    String kind = null;
    String peer = null;
    Integer status = null;
    String exceptionType = null;
    boolean error = false;
    for (LogEvent event : events) {
      String marker = event.attribute(SpanMarkers.SPAN_EVENT);
      if (SpanMarkers.START.equals(marker) && startMarker == null) {
        startMarker = event;
      } else if (SpanMarkers.END.equals(marker)) {
        endMarker = event;
      }
      if (parent == null) {
        parent = event.parentSpanId();
      }
      if (name == null) {
        name = event.attribute(SpanMarkers.SPAN_NAME);
      }
      if (kind == null) {
        kind = event.attribute(SpanMarkers.SPAN_KIND);
      }
      if (peer == null) {
        peer = event.attribute(SpanMarkers.PEER_SERVICE);
      }
      Integer eventStatus = event.httpStatus() != null ? event.httpStatus() : statusOf(event);
      if (eventStatus != null) {
        status = eventStatus; // the last one: the end line says how it ended
      }
      if (exceptionType == null) {
        exceptionType = event.exceptionType();
      }
      error |= Level.isError(event.level());
    }
    LogEvent origin = startMarker != null ? startMarker : first;
    long start = origin.timestampUs();
    long end = Math.max(start, (endMarker != null ? endMarker : last).timestampUs());
    return new Span(traceId, spanId, parent, origin.service(), origin.instance(), name,
        SpanKind.parseOrInternal(kind), start, end, error, events.size(), peer, status, exceptionType);
  }

  private static Integer statusOf(LogEvent event) {
    String text = event.attribute(SpanMarkers.STATUS_CODE);
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static TraceSummary summarize(String traceId, List<Span> spans) {
    Set<String> ids = new HashSet<>();
    Set<String> services = new HashSet<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    boolean error = false;
    for (Span span : spans) {
      ids.add(span.spanId());
      if (span.service() != null) {
        services.add(span.service());
      }
      start = Math.min(start, span.startUs());
      end = Math.max(end, span.endUs());
      error |= span.error();
    }
    // spans are sorted by start, so the first parentless span is the earliest root
    Span root = spans.stream()
        .filter(s -> s.parentSpanId() == null || !ids.contains(s.parentSpanId()))
        .findFirst().orElse(null);
    return new TraceSummary(traceId,
        root == null ? null : root.spanId(),
        root == null ? null : root.service(),
        root == null ? null : root.name(),
        start, end, spans.size(), services.size(), error);
  }

}
