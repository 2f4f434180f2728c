package io.tracelake.model.trace;

import io.tracelake.model.SpanKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the parents of spans that did not log one, from the evidence the logs carry, and keeps the
 * cross-host links it made (with the caller-side window) for clock-skew estimation.
 */
final class ParentLinker {
  /** A child span on one host hanging under a window on another host's clock. */
  record Link(SpanDraft child, String parentHost, long parentStartUs, long parentEndUs) {}

  private final List<SpanDraft> drafts;
  private final List<CallEvidence> calls;
  private final long maxSkewUs;
  private final Map<String, SpanDraft> byId = new HashMap<>();
  /** Per host, the spans that can enclose local work: servers, consumers and internal spans. */
  private final Map<String, List<SpanDraft>> containersByHost = new HashMap<>();
  private final List<Link> links = new ArrayList<>();

  ParentLinker(List<SpanDraft> drafts, List<CallEvidence> calls, long maxSkewUs) {
    this.drafts = drafts;
    this.calls = calls;
    this.maxSkewUs = maxSkewUs;
    for (SpanDraft draft : drafts) {
      byId.putIfAbsent(draft.id, draft);
      if (draft.kind != SpanKind.CLIENT && draft.kind != SpanKind.PRODUCER) {
        containersByHost.computeIfAbsent(draft.host, h -> new ArrayList<>()).add(draft);
      }
    }
  }

  List<Link> links() {
    return links;
  }

  /** Logged parents stay; servers find their callers, consumers their producers, local work its enclosing span. */
  void linkByEvidence() {
    for (SpanDraft draft : drafts) {
      if (draft.parentId != null) {
        SpanDraft parent = byId.get(draft.parentId);
        if (parent != null && !parent.host.equals(draft.host)) {
          links.add(new Link(draft, parent.host, parent.startUs,
              parent.kind == SpanKind.PRODUCER ? Long.MIN_VALUE : parent.endUs));
        }
      }
    }
    matchServersToCalls();
    matchConsumersToProducers();
    for (SpanDraft draft : drafts) {
      if (draft.parentId == null && !draft.inferred && draft.kind != SpanKind.SERVER
          && draft.kind != SpanKind.CONSUMER) {
        SpanDraft parent = enclosingOnSameHost(draft);
        if (parent != null) {
          boolean sameThread = draft.thread != null && draft.thread.equals(parent.thread);
          draft.setParent(parent.id, ParentSource.ENCLOSING, sameThread ? 0.9 : 0.8);
        }
      }
    }
  }

  /**
   * The k-th server span of a service, method and path answers the k-th call to them, when the counts
   * agree: order survives any clock skew. Otherwise each takes the unmatched call closest in time (within
   * the skew cap). A call whose target names no service of the trace (a gateway may log a host name) can
   * still answer a server of that method and path, with less confidence.
   */
  private void matchServersToCalls() {
    Map<String, List<SpanDraft>> servers = new LinkedHashMap<>();
    for (SpanDraft draft : drafts) {
      if (draft.parentId == null && draft.kind == SpanKind.SERVER && draft.method != null) {
        servers.computeIfAbsent(draft.service + " " + draft.method + " " + draft.path, k -> new ArrayList<>())
            .add(draft);
      }
    }
    if (servers.isEmpty()) {
      return;
    }
    java.util.Set<String> services = new java.util.HashSet<>();
    for (SpanDraft draft : drafts) {
      services.add(draft.service);
    }
    Map<String, List<CallEvidence>> byTarget = new HashMap<>();
    Map<String, List<CallEvidence>> unnamed = new HashMap<>();
    for (CallEvidence call : calls) {
      if (call.method() == null) {
        continue;
      }
      byTarget.computeIfAbsent(call.service() + " " + call.method() + " " + call.path(), k -> new ArrayList<>())
          .add(call);
      if (!services.contains(call.service())) {
        unnamed.computeIfAbsent(call.method() + " " + call.path(), k -> new ArrayList<>()).add(call);
      }
    }
    for (Map.Entry<String, List<SpanDraft>> entry : servers.entrySet()) {
      List<CallEvidence> candidates = byTarget.get(entry.getKey());
      double trust = 1.0;
      if (candidates == null) {
        SpanDraft any = entry.getValue().get(0);
        candidates = unnamed.getOrDefault(any.method + " " + any.path, List.of());
        trust = 0.7;
      }
      assign(entry.getValue(), candidates, trust);
    }
  }

  private void assign(List<SpanDraft> servers, List<CallEvidence> candidates, double trust) {
    List<CallEvidence> usable = new ArrayList<>();
    for (CallEvidence call : candidates) {
      if (!servers.contains(call.parent())) { // a server does not answer its own call
        usable.add(call);
      }
    }
    if (usable.isEmpty()) {
      return;
    }
    usable.sort(Comparator.comparingLong(CallEvidence::startUs));
    if (usable.size() == servers.size()) {
      for (int i = 0; i < servers.size(); i++) {
        link(servers.get(i), usable.get(i), usable.get(i).source().confidence() * trust);
      }
      return;
    }
    List<CallEvidence> free = new ArrayList<>(usable);
    for (SpanDraft server : servers) {
      CallEvidence best = null;
      long bestGap = Long.MAX_VALUE;
      for (CallEvidence call : free) {
        long gap = Math.abs(server.startUs - call.startUs());
        if (gap < bestGap && call.parent() != server) {
          best = call;
          bestGap = gap;
        }
      }
      if (best != null && bestGap <= maxSkewUs + Math.max(0, server.duration())) {
        free.remove(best);
        // counts disagreed, so the pairing rests on time alone: less sure
        link(server, best, best.source().confidence() * trust * 0.8);
      }
    }
  }

  private void link(SpanDraft child, CallEvidence call, double confidence) {
    child.setParent(call.parent().id, call.source(), confidence);
    // access logs stamp whole seconds (nginx's $time_local): far too coarse to tell a clock's error
    if (child.timing != TimingSource.ACCESS_LOG) {
      links.add(new Link(child, call.parent().host, call.startUs(), call.endUs()));
    }
  }

  /** A consumer hangs under the latest publish of its message and topic that began before it (within the cap). */
  private void matchConsumersToProducers() {
    for (SpanDraft consumer : drafts) {
      if (consumer.parentId != null || consumer.kind != SpanKind.CONSUMER || consumer.topic == null) {
        continue;
      }
      CallEvidence best = null;
      long latestBefore = consumer.startUs + maxSkewUs;
      for (CallEvidence call : calls) {
        if (!consumer.topic.equals(call.topic()) || !Objects.equals(consumer.message, call.message())
            || call.parent() == consumer) {
          continue;
        }
        boolean before = call.startUs() <= latestBefore;
        boolean bestBefore = best != null && best.startUs() <= latestBefore;
        // the latest publish that could have caused it; failing that, the earliest one at all
        if (best == null || (before && (!bestBefore || call.startUs() > best.startUs()))
            || (!before && !bestBefore && call.startUs() < best.startUs())) {
          best = call;
        }
      }
      if (best != null) {
        consumer.setParent(best.parent().id, ParentSource.PRODUCER, ParentSource.PRODUCER.confidence());
        // a message is consumed after it was published: only a lower bound on the consumer's clock
        links.add(new Link(consumer, best.parent().host, best.startUs(), Long.MIN_VALUE));
      }
    }
  }

  /**
   * The tightest span of the same host that encloses {@code child} and can have children there: one of
   * its own thread first (nested work), else the handling (a parallel branch runs on a pool thread).
   */
  private SpanDraft enclosingOnSameHost(SpanDraft child) {
    SpanDraft sameThread = null;
    SpanDraft handling = null;
    for (SpanDraft candidate : containersByHost.getOrDefault(child.host, List.of())) {
      if (candidate == child || !candidate.encloses(child) || isAncestor(child, candidate)) {
        continue;
      }
      // with no thread logged, "same thread" says nothing
      if (child.thread != null && child.thread.equals(candidate.thread)
          && (sameThread == null || candidate.duration() < sameThread.duration())) {
        sameThread = candidate;
      }
      if ((candidate.kind == SpanKind.SERVER || candidate.kind == SpanKind.CONSUMER)
          && (handling == null || candidate.duration() < handling.duration())) {
        handling = candidate;
      }
    }
    return sameThread != null ? sameThread : handling;
  }

  /**
   * Once clocks are corrected: spans still without a parent, other than the root, hang under the tightest
   * span of another host that encloses them; an asynchronous consumer with none under the root.
   */
  void linkByEnclosure(SpanDraft root) {
    for (SpanDraft draft : drafts) {
      if (draft.parentId != null || draft == root) {
        continue;
      }
      SpanDraft best = null;
      for (SpanDraft candidate : drafts) {
        if (candidate == draft || candidate.host.equals(draft.host) || !candidate.encloses(draft)
            || isAncestor(draft, candidate)) {
          continue;
        }
        if (best == null || candidate.duration() < best.duration()) {
          best = candidate;
        }
      }
      if (best != null) {
        draft.setParent(best.id, ParentSource.ENCLOSING, 0.5);
      } else if (root != null && draft.kind == SpanKind.CONSUMER && draft.startUs >= root.startUs) {
        draft.setParent(root.id, ParentSource.ROOT_FALLBACK, ParentSource.ROOT_FALLBACK.confidence());
      }
    }
  }

  /** True when {@code candidate} hangs, directly or not, under {@code span}: making it the parent would loop. */
  private boolean isAncestor(SpanDraft span, SpanDraft candidate) {
    SpanDraft current = candidate;
    for (int depth = 0; current != null && depth < drafts.size(); depth++) {
      if (current == span) {
        return true;
      }
      current = current.parentId == null ? null : byId.get(current.parentId);
    }
    return false;
  }
}
