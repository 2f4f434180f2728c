package io.tracelake.model.trace;

import io.tracelake.model.KindSource;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParentSource;
import io.tracelake.model.RootSource;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TimingSource;
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
 *   <li>Lines shipped twice (the same line from another file, or the same file and line) are dropped and
 *       counted; a line logged twice is two events.</li>
 *   <li>Events with a span id make the spans they name ({@link ExplicitSpans}); the rest are cut into one
 *       span per handling of the request by an instance ({@link HandlingSplitter}).</li>
 *   <li>Parents are taken as logged; else a server span is matched to its caller's call (client span or
 *       "Calling ..." line, same service, method and path, in order), a consumer to its producer, other work
 *       to the tightest span of its instance that encloses it, of any kind and thread; a service's entry to a
 *       span of another service whose lines name it.</li>
 *   <li>Those links give each host a clock offset against the host that calls and is not called ({@link ClockSkew});
 *       it is applied.</li>
 *   <li>Spans still without a parent hang under the tightest enclosing span of another host, or one whose
 *       lines stop within the tolerance of them (its own instance's first, for local work); work after the
 *       response under the handling that answered; anything else that began after the root under the root.
 *       The root is the earliest span left without a parent, unless evidence says it was called and a span
 *       nothing says was called is there to be the root. SCHEMA.md lists the rules in order.</li>
 *   <li>A span whose kind nothing named and whose parent is on another service becomes that service's entry.</li>
 *   <li>The root (or a synthetic one when no span lacks a parent), orphans and the critical path are found.</li>
 * </ol>
 */
public final class TraceRebuilder {

  private final RebuildOptions options;
  private final ServiceCalls day;

  public TraceRebuilder(RebuildOptions options) {
    this(options, ServiceCalls.none());
  }

  /** @param day what the day's lines say about which service calls which (read before any trace is rebuilt) */
  public TraceRebuilder(RebuildOptions options, ServiceCalls day) {
    this.options = Objects.requireNonNull(options, "options");
    this.day = Objects.requireNonNull(day, "day");
  }

  /**
   * @param events events of one trace, in time order (ties in the order they were logged); events without
   *     a trace id are ignored
   * @param truncated whether the caller stopped reading the trace's events at the configured cap
   * @return the trace, or null when no event had a trace id
   */
  public RebuiltTrace rebuild(List<LogEvent> events, boolean truncated) {
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
    List<LogEvent> egress = takeClientSideAccessLines(withoutByHost);
    List<SpanDraft> drafts = new ArrayList<>(new ExplicitSpans(options.evidence(), traceId).build(withSpanId, calls));
    joinAccessLinesToLoggedSpans(withoutByHost, drafts);
    HandlingSplitter splitter = new HandlingSplitter(options.evidence(), traceId);
    for (List<LogEvent> hostEvents : withoutByHost.values()) {
      drafts.addAll(splitter.split(hostEvents, calls));
    }
    drafts.sort(Comparator.comparingLong((SpanDraft d) -> d.startUs).thenComparing(d -> d.id));
    addClientSideCalls(egress, drafts, calls);

    ParentLinker linker = new ParentLinker(drafts, calls, day, options.maxSkewUs(), options.enclosureToleranceUs());
    linker.linkByEvidence();
    SpanDraft root = earliestParentless(drafts);
    ClockSkew.Result skew = ClockSkew.estimate(drafts, linker.links(), root == null ? null : root.host,
        options.maxSkewUs());
    skew.apply(drafts);
    linker.linkByEnclosure();
    linker.inferEntryKinds();
    root = earliestParentless(drafts); // the earliest span may itself have found a caller that logged later

    Map<String, SpanDraft> byId = new HashMap<>();
    for (SpanDraft draft : drafts) {
      byId.putIfAbsent(draft.id, draft);
    }
    RootSource rootSource = RootSource.FOUND;
    if (root == null) {
      root = syntheticRoot(drafts, byId);
      rootSource = RootSource.SYNTHETIC;
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
    return new RebuiltTrace(summarize(traceId, spans, root.id, rootSource, roots, orphans, skew.adjusted(),
        duplicates, truncated), spans);
  }

  /** Runs of equal times up to this long are searched for twins pair by pair, longer ones through a hash map. */
  private static final int PAIRWISE_RUN = 16;

  /**
   * The same line shipped twice (a shipper's retry, or two files holding the same lines) has the same time,
   * origin, thread, level, message and ids; the instance is left out because it is often read from the
   * file name, which differs between the two copies. Looking alike is not enough: a copy is dropped only
   * when the evidence says it was shipped again, i.e. it was read from another file than its twin, or from
   * the same file and line. The same message logged twice in one millisecond into one file is two events.
   */
  private static List<LogEvent> dropDuplicates(List<LogEvent> events) {
    // the events come in time order and twins have the same time: only a run of equal times can hold one, so
    // an event alone at its instant (nearly all of them) is kept without a key made, hashed and looked up
    Map<DuplicateKey, List<SourcePosition>> seen = new HashMap<>();
    List<LogEvent> unique = new ArrayList<>(events.size());
    int n = events.size();
    for (int from = 0; from < n; ) {
      long ts = events.get(from).timestampUs();
      int to = from + 1;
      while (to < n && events.get(to).timestampUs() == ts) {
        to++;
      }
      if (to - from == 1) {
        unique.add(events.get(from));
      } else if (to - from <= PAIRWISE_RUN) {
        // logs stamped to the millisecond put a few lines at most instants: comparing each with the few kept
        // before it stops at the first field that differs, where a key hashes every field, message and all
        keepUnlessReshipped(events.subList(from, to), unique);
      } else {
        seen.clear();
        for (int i = from; i < to; i++) {
          keepUnlessReshipped(events.get(i), seen, unique);
        }
      }
      from = to;
    }
    return unique;
  }

  /** {@link #keepUnlessReshipped(LogEvent, Map, List)} for a short run of equal times, pair by pair. */
  private static void keepUnlessReshipped(List<LogEvent> run, List<LogEvent> unique) {
    int firstKept = unique.size();
    for (LogEvent event : run) {
      if (!isReshipment(event, unique.subList(firstKept, unique.size()))) {
        unique.add(event);
      }
    }
  }

  private static boolean isReshipment(LogEvent event, List<LogEvent> keptBefore) {
    SourcePosition position = null; // read only for an event with a twin: most have none
    for (LogEvent kept : keptBefore) {
      if (sameEntry(event, kept)) {
        if (position == null) {
          position = SourcePosition.of(event);
          if (position == null) {
            return false; // no position, no evidence of a re-shipment
          }
        }
        SourcePosition twin = SourcePosition.of(kept);
        if (twin != null && position.reshipmentOf(twin)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether two events agree on every field a re-shipped copy keeps (the instance aside, see dropDuplicates). */
  private static boolean sameEntry(LogEvent a, LogEvent b) {
    return a.timestampUs() == b.timestampUs() && Objects.equals(a.service(), b.service())
        && Objects.equals(a.thread(), b.thread()) && Objects.equals(a.level(), b.level())
        && Objects.equals(a.logger(), b.logger()) && Objects.equals(a.message(), b.message())
        && Objects.equals(a.spanId(), b.spanId()) && Objects.equals(a.httpPath(), b.httpPath())
        && Objects.equals(a.httpStatus(), b.httpStatus()) && Objects.equals(a.durationUs(), b.durationUs());
  }

  private static void keepUnlessReshipped(LogEvent event, Map<DuplicateKey, List<SourcePosition>> seen,
      List<LogEvent> unique) {
    SourcePosition position = SourcePosition.of(event);
    if (position == null) {
      unique.add(event); // no position, no evidence of a re-shipment
      return;
    }
    List<SourcePosition> twins = seen.computeIfAbsent(new DuplicateKey(event), k -> new ArrayList<>(1));
    for (SourcePosition twin : twins) {
      if (position.reshipmentOf(twin)) {
        return;
      }
    }
    twins.add(position);
    unique.add(event);
  }

  /** An event as a key of the events it may be a copy of: equal by {@link #sameEntry}, the one list of fields. */
  private record DuplicateKey(LogEvent event) {
    @Override
    public boolean equals(Object other) {
      return other instanceof DuplicateKey key && sameEntry(event, key.event);
    }

    @Override
    public int hashCode() {
      // a few of the compared fields: events equal by sameEntry agree on them
      return Objects.hash(event.timestampUs(), event.service(), event.thread(), event.message());
    }
  }

  /** The access-log attribute naming the host a request was sent to (Envoy's %REQ(:AUTHORITY)%, Host). */
  static final String AUTHORITY = "authority";

  /**
   * Access-log lines a caller's sidecar or egress proxy wrote for requests it sent: the line names another
   * service as the request's authority ({@code payments:8080}, {@code payments.shop.svc}). They are a
   * client-side view of a call, not a request this service handled, so they leave the handlings' input.
   */
  private static List<LogEvent> takeClientSideAccessLines(Map<String, List<LogEvent>> withoutByHost) {
    List<LogEvent> egress = new ArrayList<>();
    for (List<LogEvent> events : withoutByHost.values()) {
      events.removeIf(event -> {
        String target = authorityService(event);
        if (target != null && HandlingSplitter.isAccessLog(event) && !target.equals(event.service())) {
          egress.add(event);
          return true;
        }
        return false;
      });
    }
    withoutByHost.values().removeIf(List::isEmpty);
    return egress;
  }

  /** The service an authority names: its first DNS label, without the port. */
  static String authorityService(LogEvent event) {
    String authority = event.attribute(AUTHORITY);
    if (authority == null || authority.isEmpty() || "-".equals(authority)) {
      return null;
    }
    int end = authority.length();
    for (int i = 0; i < authority.length(); i++) {
      char c = authority.charAt(i);
      if (c == ':' || c == '.') {
        end = i;
        break;
      }
    }
    return end == 0 ? null : authority.substring(0, end);
  }

  /**
   * Each client-side access line is a call of the tightest span of its host around it (its handling, or
   * the client span that made it), matched like a "Calling ..." line; the line joins that span's events.
   */
  private static void addClientSideCalls(List<LogEvent> egress, List<SpanDraft> drafts, List<CallEvidence> calls) {
    for (LogEvent line : egress) {
      String host = SpanDraft.hostOf(line.service(), line.instance());
      long start = line.timestampUs() - line.durationUs();
      SpanDraft caller = null;
      for (SpanDraft draft : drafts) {
        if (draft.host.equals(host) && draft.startUs <= line.timestampUs() && line.timestampUs() <= draft.endUs
            && (caller == null || draft.duration() < caller.duration())) {
          caller = draft;
        }
      }
      if (caller == null) {
        continue; // nothing of its host logged around it: no caller to hang the callee under
      }
      // the status is the callee's answer: the client span's own, but not the handling's that made the call
      caller.events.add(caller.kind == SpanKind.CLIENT ? line : line.toBuilder().httpStatus(null).build());
      ParentSource source = caller.kind == SpanKind.CLIENT ? ParentSource.CLIENT_SPAN : ParentSource.CALL_LINE;
      calls.add(new CallEvidence(caller, source, authorityService(line), line.httpMethod(),
          LineEvidence.stripQuery(line.httpPath()), null, null, start, line.timestampUs()));
    }
  }

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
    root.setKind(SpanKind.SERVER, KindSource.INFERRED);
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

  private static TraceSummary summarize(String traceId, List<Span> spans, String rootId, RootSource rootSource,
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
