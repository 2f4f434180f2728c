package io.tracelake.model.trace;

import io.tracelake.model.LogEvent;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TraceSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rebuilds one trace from its events: plain Java over one trace, so that Spark only groups by trace id,
 * calls it and writes.
 *
 * <ol>
 *   <li>Duplicate lines (shipped twice) are dropped and counted.</li>
 *   <li>Events with a span id make the spans they name ({@link ExplicitSpans}); the rest are cut into one
 *       span per handling of the request by an instance ({@link HandlingSplitter}).</li>
 *   <li>Parents are taken as logged; else a server span is matched to its caller's call (client span or
 *       "Calling ..." line, same service, method and path, in order), a consumer to its producer, local work
 *       to the tightest span of its instance that encloses it.</li>
 *   <li>Those links give each host a clock offset against the root's host ({@link ClockSkew}); it is applied.</li>
 *   <li>Spans still without a parent hang under the tightest enclosing span of any host; an asynchronous
 *       consumer with nothing better under the root.</li>
 *   <li>The root (or a synthetic one when no span lacks a parent), orphans and the critical path are found.</li>
 * </ol>
 */
public final class TraceReconstructor {

  private final ReconstructionOptions options;

  public TraceReconstructor(ReconstructionOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * @param events events of one trace, in time order (ties in the order they were logged); events without
   *     a trace id are ignored
   * @param truncated whether the caller stopped reading the trace's events at the configured cap
   * @return the trace, or null when no event had a trace id
   */
  public AssembledTrace reconstruct(List<LogEvent> events, boolean truncated) {
    List<LogEvent> sorted = new ArrayList<>(events.size());
    for (LogEvent event : events) {
      if (event.traceId() != null) {
        sorted.add(event);
      }
    }
    if (sorted.isEmpty()) {
      return null;
    }
    sorted.sort(Comparator.comparingLong(LogEvent::timestampUs)); // stable: ties keep the logged order
    String traceId = sorted.get(0).traceId();
    int before = sorted.size();
    List<LogEvent> unique = dropDuplicates(sorted);
    int duplicates = before - unique.size();

    List<CallEvidence> calls = new ArrayList<>();
    List<LogEvent> withSpanId = new ArrayList<>();
    Map<String, List<LogEvent>> withoutByHost = new LinkedHashMap<>();
    for (LogEvent event : unique) {
      if (event.spanId() != null) {
        withSpanId.add(event);
      } else {
        withoutByHost.computeIfAbsent(SpanDraft.hostOf(event.service(), event.instance()), h -> new ArrayList<>())
            .add(event);
      }
    }
    List<SpanDraft> drafts = new ArrayList<>(new ExplicitSpans(options.evidence(), traceId).build(withSpanId, calls));
    joinAccessLinesToLoggedSpans(withoutByHost, drafts);
    HandlingSplitter splitter = new HandlingSplitter(options.evidence(), traceId);
    for (List<LogEvent> hostEvents : withoutByHost.values()) {
      drafts.addAll(splitter.split(hostEvents, calls));
    }
    drafts.sort(Comparator.comparingLong((SpanDraft d) -> d.startUs).thenComparing(d -> d.id));

    ParentLinker linker = new ParentLinker(drafts, calls, options.maxSkewUs());
    linker.linkByEvidence();
    SpanDraft root = earliestParentless(drafts);
    ClockSkew.Result skew = ClockSkew.estimate(drafts, linker.links(), root == null ? null : root.host,
        options.maxSkewUs());
    skew.apply(drafts);
    linker.linkByEnclosure(root);

    Map<String, SpanDraft> byId = new HashMap<>();
    for (SpanDraft draft : drafts) {
      byId.putIfAbsent(draft.id, draft);
    }
    String rootSource = "found";
    if (root == null) {
      root = syntheticRoot(drafts, byId);
      rootSource = "synthetic";
    }
    int roots = 0;
    int orphans = 0;
    for (SpanDraft draft : drafts) {
      if (draft.parentId == null) {
        roots++;
      } else if (!byId.containsKey(draft.parentId)) {
        orphans++;
      }
    }
    drafts.sort(Comparator.comparingLong((SpanDraft d) -> d.startUs).thenComparing(d -> d.id));
    List<Span> spans = new ArrayList<>(drafts.size());
    for (SpanDraft draft : drafts) {
      spans.add(draft.toSpan(traceId));
    }
    return new AssembledTrace(summarize(traceId, spans, root.id, rootSource, roots, orphans, skew.adjusted(),
        duplicates, truncated), spans);
  }

  /**
   * The same line shipped twice (a shipper's retry, or two files holding the same lines) has the same time,
   * origin, thread, level, message and ids; the instance is left out because it is often read from the
   * file name, which differs between the two copies.
   */
  private static List<LogEvent> dropDuplicates(List<LogEvent> events) {
    Set<DuplicateKey> seen = new HashSet<>(events.size() * 2);
    List<LogEvent> unique = new ArrayList<>(events.size());
    for (LogEvent event : events) {
      if (seen.add(new DuplicateKey(event.timestampUs(), event.service(), event.thread(), event.level(),
          event.logger(), event.message(), event.spanId(), event.httpPath(), event.httpStatus(), event.durationUs()))) {
        unique.add(event);
      }
    }
    return unique;
  }

  private record DuplicateKey(long timestampUs, String service, String thread, String level, String logger,
      String message, String spanId, String httpPath, Integer httpStatus, Long durationUs) {}

  /**
   * A sidecar or web server's access log rarely carries the span id its application logged; its line for a
   * request the application logged as a span belongs to that span (same instance, method and path, ended
   * within a second), rather than making a second server span of the same request.
   */
  private static void joinAccessLinesToLoggedSpans(Map<String, List<LogEvent>> withoutByHost,
      List<SpanDraft> drafts) {
    Map<String, List<SpanDraft>> serversByHost = new HashMap<>();
    for (SpanDraft draft : drafts) {
      if (draft.kind == SpanKind.SERVER && draft.method != null) {
        serversByHost.computeIfAbsent(draft.host, h -> new ArrayList<>()).add(draft);
      }
    }
    if (serversByHost.isEmpty()) {
      return;
    }
    Set<SpanDraft> joined = new HashSet<>();
    for (Map.Entry<String, List<LogEvent>> host : withoutByHost.entrySet()) {
      List<SpanDraft> servers = serversByHost.get(host.getKey());
      if (servers == null) {
        continue;
      }
      host.getValue().removeIf(event -> {
        if (!HandlingSplitter.isAccessLog(event)) {
          return false;
        }
        String path = LineEvidence.stripQuery(event.httpPath());
        SpanDraft best = null;
        long bestGap = 1_000_000;
        for (SpanDraft server : servers) {
          long gap = Math.abs(server.endUs - event.timestampUs());
          if (!joined.contains(server) && event.httpMethod().equals(server.method) && path.equals(server.path)
              && gap <= bestGap) {
            best = server;
            bestGap = gap;
          }
        }
        if (best == null) {
          return false;
        }
        joined.add(best);
        best.events.add(event);
        return true;
      });
    }
    withoutByHost.values().removeIf(List::isEmpty);
  }

  private static SpanDraft earliestParentless(List<SpanDraft> drafts) {
    for (SpanDraft draft : drafts) { // sorted by start
      if (draft.parentId == null) {
        return draft;
      }
    }
    return null;
  }

  /**
   * Every span names a parent, so the root logged nothing: make it up under the id the earliest orphan
   * names, covering the spans that hang under it.
   */
  private static SpanDraft syntheticRoot(List<SpanDraft> drafts, Map<String, SpanDraft> byId) {
    SpanDraft orphan = drafts.stream().filter(d -> !byId.containsKey(d.parentId)).findFirst().orElse(drafts.get(0));
    String id = byId.containsKey(orphan.parentId) ? SpanIds.derive(orphan.id, "root") : orphan.parentId;
    SpanDraft root = new SpanDraft(null, null);
    root.id = id;
    root.inferred = true;
    root.timing = TimingSource.CHILDREN;
    root.kind = SpanKind.SERVER;
    root.startUs = Long.MAX_VALUE;
    root.endUs = Long.MIN_VALUE;
    for (SpanDraft draft : drafts) {
      if (id.equals(draft.parentId)) {
        root.startUs = Math.min(root.startUs, draft.startUs);
        root.endUs = Math.max(root.endUs, draft.endUs);
      }
    }
    if (root.startUs == Long.MAX_VALUE) {
      orphan.setParent(id, orphan.parentSource, orphan.parentConfidence);
      root.startUs = orphan.startUs;
      root.endUs = orphan.endUs;
    }
    drafts.add(root);
    byId.put(id, root);
    return root;
  }

  private static TraceSummary summarize(String traceId, List<Span> spans, String rootId, String rootSource,
      int roots, int orphans, boolean skewAdjusted, int duplicates, boolean truncated) {
    Set<String> services = new HashSet<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    boolean error = false;
    Span root = null;
    for (Span span : spans) {
      if (span.service() != null) {
        services.add(span.service());
      }
      start = Math.min(start, span.startUs());
      end = Math.max(end, span.endUs());
      error |= span.error();
      if (root == null && span.spanId().equals(rootId)) {
        root = span;
      }
    }
    return new TraceSummary(traceId, rootId, root == null ? null : root.service(), root == null ? null : root.name(),
        start, end, spans.size(), services.size(), error, rootSource, roots, orphans, skewAdjusted, duplicates,
        truncated, CriticalPath.of(spans, rootId));
  }
}
