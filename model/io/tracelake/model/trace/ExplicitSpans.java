package io.tracelake.model.trace;

import io.tracelake.model.KindSource;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParentSource;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TimingSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spans from events that logged their span id: grouped by id, timed by their markers or their evidence
 * lines, with the parent they logged. Client and server halves that logged one id (B3 style) are told
 * apart by service: the server half gets an id of its own and the client half as its parent.
 */
final class ExplicitSpans {
  /** Values of the resolver's {@code trace_context_source} attribute that mean a propagated header. */
  private static final Set<String> HEADER_SOURCES = Set.of("traceparent", "b3", "b3_multi", "uber_trace_id",
      "amzn_trace_id", "message_traceparent", "message_uber_trace_id");
  static final String CONTEXT_SOURCE_ATTRIBUTE = "trace_context_source";

  private final LineEvidence evidence;
  private final String traceId;

  ExplicitSpans(LineEvidence evidence, String traceId) {
    this.evidence = evidence;
    this.traceId = traceId;
  }

  /**
   * @param events events with a span id, in time order
   * @param calls receives the calls and publishes the client and producer spans made
   */
  List<SpanDraft> build(List<LogEvent> events, List<CallEvidence> calls) {
    Map<String, Map<String, List<LogEvent>>> byId = new LinkedHashMap<>();
    for (LogEvent event : events) {
      byId.computeIfAbsent(event.spanId(), id -> new LinkedHashMap<>())
          .computeIfAbsent(event.service() == null ? "" : event.service(), s -> new ArrayList<>()).add(event);
    }
    List<SpanDraft> drafts = new ArrayList<>();
    Map<String, List<SpanDraft>> serverHalves = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, List<LogEvent>>> entry : byId.entrySet()) {
      List<SpanDraft> halves = new ArrayList<>();
      for (List<LogEvent> half : entry.getValue().values()) {
        halves.add(draft(entry.getKey(), half, calls));
      }
      if (halves.size() > 1) {
        serverHalves.put(entry.getKey(), shareId(halves));
      }
      drafts.addAll(halves);
    }
    // a span that names the shared id as its parent and runs where a server half ran is that half's child,
    // as Zipkin's span tree has it: the server's own work, not the caller's
    for (SpanDraft draft : drafts) {
      List<SpanDraft> halves = draft.parentId == null ? null : serverHalves.get(draft.parentId);
      if (halves != null && draft.parentSource != ParentSource.SHARED_ID) {
        for (SpanDraft half : halves) {
          if (half.host.equals(draft.host)) {
            draft.parentId = half.id;
          }
        }
      }
    }
    return drafts;
  }

  /**
   * The client half keeps the id; every other half becomes its child with an id derived from the service.
   * @return the halves that got a new id
   */
  private List<SpanDraft> shareId(List<SpanDraft> halves) {
    List<SpanDraft> renamed = new ArrayList<>();
    SpanDraft client = halves.stream().filter(h -> h.kind == SpanKind.CLIENT || h.kind == SpanKind.PRODUCER)
        .findFirst()
        .orElse(halves.stream().min(java.util.Comparator.comparingLong(h -> h.startUs)).orElseThrow());
    for (SpanDraft half : halves) {
      if (half != client) {
        String sharedId = half.id;
        half.id = SpanIds.derive(traceId, sharedId, half.host);
        half.setParent(sharedId, ParentSource.SHARED_ID, ParentSource.SHARED_ID.confidence());
        renamed.add(half);
      }
    }
    return renamed;
  }

  private SpanDraft draft(String spanId, List<LogEvent> events, List<CallEvidence> calls) {
    LogEvent first = events.get(0);
    LogEvent last = events.get(events.size() - 1);
    SpanDraft draft = new SpanDraft(first.service(), first.instance());
    draft.id = spanId;
    draft.thread = first.thread();
    draft.events.addAll(events);
    LogEvent startMarker = null;
    LogEvent endMarker = null;
    LogEvent access = null;
    String kind = null;
    for (LogEvent event : events) {
      String marker = event.attribute(SpanMarkers.SPAN_EVENT);
      if (SpanMarkers.START.equals(marker) && startMarker == null) {
        startMarker = event;
      } else if (SpanMarkers.END.equals(marker)) {
        endMarker = event;
      }
      if (draft.parentId == null && event.parentSpanId() != null) {
        String contextSource = event.attribute(CONTEXT_SOURCE_ATTRIBUTE);
        ParentSource source = contextSource != null && HEADER_SOURCES.contains(contextSource)
            ? ParentSource.HEADER : ParentSource.EXPLICIT;
        draft.setParent(event.parentSpanId(), source, source.confidence());
      }
      if (draft.name == null) {
        draft.name = event.attribute(SpanMarkers.SPAN_NAME);
      }
      if (kind == null) {
        kind = event.attribute(SpanMarkers.SPAN_KIND);
      }
      if (draft.peer == null) {
        draft.peer = event.attribute(SpanMarkers.PEER_SERVICE);
      }
      if (access == null && HandlingSplitter.isAccessLog(event)) {
        access = event;
      }
    }
    LineEvidence.Line opening = evidence.readStart((startMarker != null ? startMarker : first).message());
    // the closing line gives the time, the name, the end of a call and a call named by it: a span that has its
    // markers, its name and its kind, and that opens with no call, takes none of them from it; its patterns (the
    // end's is the dearest) are then not tried
    boolean closingUnused = startMarker != null && endMarker != null && draft.name != null && kind != null
        && (opening == null || opening.kind() != LineEvidence.Kind.CALL);
    LineEvidence.Line closing =
        closingUnused ? null : evidence.readEnd((endMarker != null ? endMarker : last).message());
    if (startMarker != null && endMarker != null) {
      time(draft, startMarker.timestampUs(), endMarker.timestampUs(), TimingSource.MARKERS);
    } else if (opening != null && closing != null && events.size() > 1) {
      time(draft, first.timestampUs(), last.timestampUs(), TimingSource.MARKERS);
    } else if (closing != null) {
      time(draft, Math.min(first.timestampUs(), last.timestampUs() - closing.durationUs()), last.timestampUs(),
          TimingSource.DURATION);
    } else if (access != null) {
      time(draft, access.timestampUs() - access.durationUs(), access.timestampUs(), TimingSource.ACCESS_LOG);
    } else {
      time(draft, (startMarker != null ? startMarker : first).timestampUs(),
          (endMarker != null ? endMarker : last).timestampUs(), TimingSource.FIRST_LAST_EVENT);
    }
    if (kind != null) {
      draft.setKind(SpanKind.parseOrInternal(kind), KindSource.LOGGED);
    } else if (opening != null || access != null) {
      draft.setKind(kindOf(opening, access), KindSource.EVIDENCE);
    }
    if (draft.name == null && closing != null) {
      draft.name = closing.name();
    }
    if (opening != null) {
      switch (opening.kind()) {
        case SERVER_START:
          draft.method = opening.method();
          draft.path = opening.path();
          break;
        case CONSUMER_START:
          draft.topic = opening.topic();
          draft.message = opening.message();
          break;
        case CALL:
          if (draft.peer == null) {
            draft.peer = opening.service();
          }
          calls.add(new CallEvidence(draft, ParentSource.CLIENT_SPAN, opening.service(), opening.method(),
              opening.path(), null, null, draft.startUs, closing != null ? draft.endUs : Long.MIN_VALUE));
          break;
        case PUBLISH:
          calls.add(new CallEvidence(draft, ParentSource.PRODUCER, null, null, null, opening.topic(),
              opening.message(), draft.startUs, draft.endUs));
          break;
        default:
          break;
      }
    } else if (access != null) {
      draft.method = access.httpMethod();
      draft.path = LineEvidence.stripQuery(access.httpPath());
    }
    if (draft.name == null && draft.method != null) {
      draft.name = draft.method + " " + draft.path;
    }
    addCallLinesWithin(draft, startMarker != null ? startMarker : first, calls);
    if (opening == null && access == null && closing != null && kind == null) {
      addCallNamedByEnd(draft, closing, calls);
    }
    return draft;
  }

  private static final Pattern REQUEST_NAME =
      Pattern.compile("^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (/\\S*)$");

  /**
   * A span that logged only its end, "POST /tokens/validate completed in 1 ms", may be the client span of that
   * request (its caller logged no "Calling" line): a server of that method and path can answer it, as a call
   * whose target names no service (the name may be a template: {@code /products/{id}}).
   */
  private static void addCallNamedByEnd(SpanDraft draft, LineEvidence.Line closing, List<CallEvidence> calls) {
    Matcher request = REQUEST_NAME.matcher(closing.name());
    if (request.matches()) {
      draft.endNamesRequest = true;
      calls.add(new CallEvidence(draft, ParentSource.CALL_LINE, null, request.group(1),
          LineEvidence.stripQuery(request.group(2)), null, null, draft.startUs, draft.endUs));
    }
  }

  /**
   * "Calling <service> <METHOD> <path>" and "Publishing <message> to <topic>" lines logged inside a span other
   * than its opening line: under an agent the client span of the call logs nothing, so the caller's own span
   * carries the line, and the callee's server (or consumer) is matched to it as to any call line.
   */
  private void addCallLinesWithin(SpanDraft draft, LogEvent opening, List<CallEvidence> calls) {
    for (LogEvent event : draft.events) {
      if (event == opening) {
        continue;
      }
      LineEvidence.Line line = evidence.readCallOrPublish(event.message());
      if (line == null) {
        continue;
      }
      if (line.kind() == LineEvidence.Kind.CALL) {
        calls.add(new CallEvidence(draft, ParentSource.CALL_LINE, line.service(), line.method(), line.path(), null,
            null, event.timestampUs(), Long.MIN_VALUE));
      } else if (line.kind() == LineEvidence.Kind.PUBLISH) {
        calls.add(new CallEvidence(draft, ParentSource.PRODUCER, null, null, null, line.topic(), line.message(),
            event.timestampUs(), Long.MIN_VALUE));
      }
    }
  }

  private static void time(SpanDraft draft, long startUs, long endUs, TimingSource source) {
    draft.startUs = startUs;
    draft.endUs = Math.max(startUs, endUs);
    draft.timing = source;
  }

  private static SpanKind kindOf(LineEvidence.Line opening, LogEvent access) {
    if (opening == null) {
      return access != null ? SpanKind.SERVER : SpanKind.INTERNAL;
    }
    switch (opening.kind()) {
      case SERVER_START:
        return SpanKind.SERVER;
      case CONSUMER_START:
        return SpanKind.CONSUMER;
      case CALL:
      case QUERY:
        return SpanKind.CLIENT;
      case PUBLISH:
        return SpanKind.PRODUCER;
      default:
        return SpanKind.INTERNAL;
    }
  }
}
