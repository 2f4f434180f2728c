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
 *       logs nothing) it is a call from its own service to its {@code peerService}, or no edge when that is unknown.
 *   <li>Messaging is the same rule: PRODUCER → CONSUMER across the broker is producer service → consumer service, and
 *       a producer links to the broker only when no consumer span hangs under it.
 *   <li>A call is an error when either half of it errored: a SERVER/CONSUMER span inherits the error of its direct
 *       CLIENT/PRODUCER parent (Zipkin does this for client/server only; a failed publish is as much a failed call).
 *   <li>The duration of an RPC is the client span's when there is one (what the caller waited, network included),
 *       else the server span's. For messaging it is the consumer span's: the producer span ends at publish, so its
 *       length says nothing about the work the message caused.
 * </ul>
 *
 * <p>Unlike Zipkin we do not back-fill a link when a client span's service differs from its remote ancestor's:
 * Zipkin does it for instrumentation that puts the wrong local service on a span, while our service names come from
 * the process that wrote the log line.
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
      DependencyCall call = isCallee(span.kind()) ? calleeCall(span, byId, spans.size())
          : isCaller(span.kind()) && !hasRemoteChild.contains(span.spanId()) ? leafCall(span)
          : null;
      if (call != null) {
        calls.add(call);
      }
    }
    return calls;
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

  private static DependencyCall leafCall(Span caller) {
    if (caller.service() == null || caller.peerService() == null) {
      return null;
    }
    return new DependencyCall(caller.service(), caller.peerService(), caller.durationUs(), caller.error());
  }

  private static boolean isCallee(SpanKind kind) {
    return kind == SpanKind.SERVER || kind == SpanKind.CONSUMER;
  }

  private static boolean isCaller(SpanKind kind) {
    return kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER;
  }
}
