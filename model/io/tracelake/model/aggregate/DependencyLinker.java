package io.tracelake.model.aggregate;

import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the spans of one trace into service-to-service calls, following the rules of Zipkin's
 * {@code zipkin2.internal.DependencyLinker} adapted to spans rebuilt from logs.
 *
 * <ul>
 *   <li>A SERVER or CONSUMER span is a call from its nearest remote (non-INTERNAL) ancestor's service to its own
 *       service; INTERNAL spans in between are skipped. With no ancestor in the trace (a root, or a parent whose logs
 *       are missing) it links from its own {@code peerService} when its events named the caller, else makes no edge:
 *       we do not guess the caller.
 *   <li>A CLIENT or PRODUCER span with a SERVER or CONSUMER child makes no edge itself: the child does, so a call
 *       logged on both sides counts once. Without such a child (a leaf: a database, a cache, a broker, a service that
 *       logs nothing) it is a call from its own service (or, when it names none, its remote ancestor's) to its
 *       {@code peerService}, or no edge when that is unknown.
 *   <li>A span with no kind (INTERNAL) that names both its service and its {@code peerService} is a client, as in
 *       Zipkin: a call from one to the other.
 *   <li>A CLIENT span whose nearest remote ancestor is on another service says that service called its own, whose
 *       entry span is missing: that call is added (without an error: nothing says it failed), unless the ancestor is
 *       itself a leaf call to the client's service, which already counts it.
 *   <li>Messaging: PRODUCER → CONSUMER across the broker is producer service → consumer service, and a producer
 *       links to the broker only when no consumer span hangs under it.
 *   <li>A call is an error when either half of it errored: a SERVER/CONSUMER span inherits the error of its direct
 *       CLIENT/PRODUCER parent (Zipkin does this for client/server only; a failed publish is as much a failed call).
 *   <li>The duration of an RPC is the client span's when there is one (what the caller waited, network included),
 *       else the server span's. For messaging it is the consumer span's: the producer span ends at publish, so its
 *       length says nothing about the work the message caused.
 * </ul>
 *
 * <p>Where this differs from Zipkin's linker on Zipkin's own test cases, on purpose (SCHEMA.md names them, and
 * {@code ZipkinDependencyLinkerCasesTest} checks the list): messaging links producer service → consumer service
 * rather than each side to the broker, since brokers rarely log and a graph from logs should say who triggers whom;
 * a client span with no producer does not hide a consumer under it.
 */
public final class DependencyLinker {

  private DependencyLinker() {}

  /** The calls in one trace, one per edge-producing span, in the order of {@code spans}. */
  public static List<DependencyCall> calls(List<Span> spans) {
    Map<String, Span> byId = new HashMap<>(spans.size() * 2);
    Set<String> hasRemoteChild = new HashSet<>();
    for (Span span : spans) {
      byId.putIfAbsent(span.spanId(), span);
      if (isCallee(span.kind()) && span.parentSpanId() != null) {
        hasRemoteChild.add(span.parentSpanId());
      }
    }
    List<DependencyCall> calls = new ArrayList<>();
    for (Span span : spans) {
      if (isCallee(span.kind())) {
        addIfKnown(calls, calleeCall(span, byId, spans.size()));
      } else if (isCaller(span.kind()) && !hasRemoteChild.contains(span.spanId()) || isKindlessCall(span)) {
        addIfKnown(calls, leafCall(span, byId, spans.size()));
      }
      if (span.kind() == SpanKind.CLIENT || isKindlessCall(span)) {
        addIfKnown(calls, missingEntryCall(span, byId, hasRemoteChild, spans.size()));
      }
    }
    return calls;
  }

  private static void addIfKnown(List<DependencyCall> calls, DependencyCall call) {
    if (call != null) {
      calls.add(call);
    }
  }

  /** A span with no kind that names the service it talked to: Zipkin counts it as a client. */
  private static boolean isKindlessCall(Span span) {
    return span.kind() == SpanKind.INTERNAL && span.service() != null && span.peerService() != null;
  }

  /** The links of one trace: {@link #calls} merged per (parent, child). */
  public static List<DependencyLink> link(List<Span> spans) {
    return merge(calls(spans));
  }

  /** Counts calls and errors per (parent, child), in order of first appearance. */
  public static List<DependencyLink> merge(List<DependencyCall> calls) {
    Map<List<String>, long[]> counts = new LinkedHashMap<>();
    for (DependencyCall call : calls) {
      long[] count = counts.computeIfAbsent(List.of(call.parent(), call.child()), key -> new long[2]);
      count[0]++;
      if (call.error()) {
        count[1]++;
      }
    }
    List<DependencyLink> links = new ArrayList<>(counts.size());
    counts.forEach((key, count) -> links.add(new DependencyLink(key.get(0), key.get(1), count[0], count[1])));
    return links;
  }

  private static DependencyCall calleeCall(Span callee, Map<String, Span> byId, int maxDepth) {
    if (callee.service() == null) {
      return null;
    }
    Span directParent = callee.parentSpanId() == null ? null : byId.get(callee.parentSpanId());
    Span caller = remoteAncestor(directParent, byId, maxDepth);
    String from = caller != null ? caller.service() : callee.peerService();
    if (from == null) {
      return null;
    }
    boolean pairedWithCaller = directParent != null && isCaller(directParent.kind());
    boolean error = callee.error() || (pairedWithCaller && directParent.error());
    long duration = pairedWithCaller && directParent.kind() == SpanKind.CLIENT
        ? directParent.durationUs() : callee.durationUs();
    return new DependencyCall(from, callee.service(), duration, error);
  }

  /**
   * The nearest ancestor that is not INTERNAL, starting at {@code span}; failing that the nearest ancestor with a
   * service (a local span of the caller whose outgoing call left no span); null when there is none. Bounded by the
   * number of spans, so a parent cycle in bad data cannot loop forever.
   */
  private static Span remoteAncestor(Span span, Map<String, Span> byId, int maxDepth) {
    Span nearestLocal = null;
    for (int depth = 0; span != null && depth <= maxDepth; depth++) {
      if (span.kind() != SpanKind.INTERNAL && span.service() != null) {
        return span;
      }
      if (nearestLocal == null && span.service() != null) {
        nearestLocal = span;
      }
      span = span.parentSpanId() == null ? null : byId.get(span.parentSpanId());
    }
    return nearestLocal;
  }

  private static DependencyCall leafCall(Span caller, Map<String, Span> byId, int maxDepth) {
    if (caller.peerService() == null) {
      return null;
    }
    String from = caller.service();
    if (from == null) { // a client that names no service of its own calls on behalf of its remote ancestor
      Span ancestor = caller.parentSpanId() == null ? null
          : remoteAncestor(byId.get(caller.parentSpanId()), byId, maxDepth);
      from = ancestor == null ? null : ancestor.service();
    }
    return from == null ? null : new DependencyCall(from, caller.peerService(), caller.durationUs(), caller.error());
  }

  /**
   * The call into a client's service from its nearest remote ancestor's service, when that is another service:
   * the client's own entry span is missing. Not when the ancestor is a leaf call to the client's service (that
   * call is counted already), nor across local spans only. Timed by the client span, the only part of the call
   * that logged.
   */
  private static DependencyCall missingEntryCall(Span client, Map<String, Span> byId, Set<String> hasRemoteChild,
      int maxDepth) {
    if (client.service() == null || client.parentSpanId() == null) {
      return null;
    }
    Span ancestor = byId.get(client.parentSpanId());
    for (int depth = 0; ancestor != null && ancestor.kind() == SpanKind.INTERNAL && depth <= maxDepth; depth++) {
      ancestor = ancestor.parentSpanId() == null ? null : byId.get(ancestor.parentSpanId());
    }
    if (ancestor == null || ancestor.service() == null || ancestor.service().equals(client.service())) {
      return null;
    }
    boolean countedByAncestor = isCaller(ancestor.kind()) && !hasRemoteChild.contains(ancestor.spanId())
        && client.service().equals(ancestor.peerService());
    return countedByAncestor ? null : new DependencyCall(ancestor.service(), client.service(), client.durationUs(), false);
  }

  private static boolean isCallee(SpanKind kind) {
    return kind == SpanKind.SERVER || kind == SpanKind.CONSUMER;
  }

  private static boolean isCaller(SpanKind kind) {
    return kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER;
  }
}
