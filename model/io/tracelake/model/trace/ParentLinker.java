package io.tracelake.model.trace;

import io.tracelake.model.KindSource;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParentSource;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TimingSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds the parents of spans that did not log one, from the evidence the logs carry, and keeps the
 * cross-host links it made (with the caller-side window) for clock-skew estimation.
 */
final class ParentLinker {
  /** A child span on one host hanging under a window on another host's clock. */
  record Link(SpanDraft child, String parentHost, long parentStartUs, long parentEndUs) {}

  private final List<SpanDraft> drafts;
  private final List<CallEvidence> calls;
  /** What the whole day's lines say about which service calls which. */
  private final ServiceCalls day;
  private final long maxSkewUs;
  private final long toleranceUs;
  private final Map<String, SpanDraft> byId = new HashMap<>();
  /**
   * Per host, the spans that can enclose local work: every kind but the client and producer spans, whose
   * work happens on the other side.
   */
  private final Map<String, List<SpanDraft>> containersByHost = new HashMap<>();
  private final List<Link> links = new ArrayList<>();
  /** Its own thread had not finished the span's work: surer than a near span found by time alone. */
  static final double SAME_THREAD_NEAR_CONFIDENCE = 0.7;
  /** Around the child's start only, its end overrunning within the tolerance: less sure than a span around it all. */
  static final double OVERRUN_CONFIDENCE = 0.45;
  /** The unit logs give durations in: a start derived from one is uncertain by about as much. */
  static final long DURATION_UNIT_US = 1_000;

  ParentLinker(List<SpanDraft> drafts, List<CallEvidence> calls, ServiceCalls day, long maxSkewUs,
      long toleranceUs) {
    this.drafts = drafts;
    this.calls = calls;
    this.day = day;
    this.maxSkewUs = maxSkewUs;
    this.toleranceUs = toleranceUs;
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
        boolean sameThread = parent != null && draft.thread != null && draft.thread.equals(parent.thread);
        SpanDraft open = openBeforeOnSameThread(draft);
        // the thread's open span, when it is inside the enclosing one (by time, or hanging under it already: a
        // handling whose start was derived from its duration may seem to have begun after it)
        if (open != null && (parent == null || !sameThread || open.startUs >= parent.startUs
            || isAncestor(parent, open))) {
          draft.setParent(open.id, ParentSource.NEAR, SAME_THREAD_NEAR_CONFIDENCE);
        } else if (parent != null) {
          draft.setParent(parent.id, ParentSource.ENCLOSING, sameThread ? 0.9 : 0.8);
        }
      }
    }
    linkByMentions();
  }

  /**
   * A span whose lines name another service of the trace ("inventory answered 200", "calling ledger",
   * "failed: pricing 503") talked to it: a span of that service still without a parent hangs under the
   * closest such span in time (within the skew cap), whichever of the two logged first. The caller's
   * wording, not its timing, says who called whom, so a callee that logged before its caller's one line is
   * not taken for the root.
   */
  private void linkByMentions() {
    Set<String> services = new HashSet<>();
    for (SpanDraft draft : drafts) {
      if (draft.service != null) {
        services.add(draft.service);
      }
    }
    if (services.size() < 2) {
      return;
    }
    // only the services of spans that may still take a parent are looked for in the lines: with logged parents,
    // that is the root's service alone
    Set<String> wanted = new HashSet<>();
    for (SpanDraft draft : drafts) {
      if (draft.parentId == null && draft.service != null && draft.kind != SpanKind.CLIENT
          && draft.kind != SpanKind.PRODUCER) {
        wanted.add(draft.service);
      }
    }
    Map<String, List<SpanDraft>> mentioning = new HashMap<>();
    for (SpanDraft draft : drafts) {
      for (String service : wanted) {
        if (!service.equals(draft.service) && mentions(draft, service)) {
          mentioning.computeIfAbsent(service, k -> new ArrayList<>()).add(draft);
        }
      }
    }
    for (SpanDraft draft : drafts) {
      List<SpanDraft> callers = draft.parentId == null ? mentioning.get(draft.service) : null;
      if (callers == null || draft.kind == SpanKind.CLIENT || draft.kind == SpanKind.PRODUCER
          || followsOnItsHost(draft)) {
        continue; // not its service's entry: a call it makes, or the work of a span of its own instance just before
      }
      SpanDraft best = null;
      long bestGap = maxSkewUs + 1;
      for (SpanDraft caller : callers) {
        if (unexpectedCaller(caller, draft)) {
          continue; // naming a service is not calling it: the day says others call it, never this one
        }
        long gap = Math.max(0, Math.max(caller.startUs - draft.endUs, draft.startUs - caller.endUs));
        if ((gap < bestGap || (gap == bestGap && best != null && caller.duration() < best.duration()))
            && !isAncestor(draft, caller)) {
          best = caller;
          bestGap = gap;
        }
      }
      if (best != null) {
        draft.setParent(best.id, ParentSource.MENTION, ParentSource.MENTION.confidence());
      }
    }
  }

  /** True when a span of the same instance, timed by its lines, stopped logging within the tolerance before it began. */
  private boolean followsOnItsHost(SpanDraft draft) {
    for (SpanDraft candidate : containersByHost.getOrDefault(draft.host, List.of())) {
      if (candidate != draft && candidate.timing == TimingSource.FIRST_LAST_EVENT && candidate.endUs <= draft.startUs
          && draft.startUs - candidate.endUs <= toleranceUs && candidate.startUs <= draft.startUs) {
        return true;
      }
    }
    return false;
  }

  /** True when a line of {@code draft} names {@code service} as a word of its own. */
  private static boolean mentions(SpanDraft draft, String service) {
    for (LogEvent event : draft.events) {
      String message = event.message();
      for (int at = message == null ? -1 : message.indexOf(service); at >= 0;
          at = message.indexOf(service, at + 1)) {
        int end = at + service.length();
        if ((at == 0 || !isNameChar(message.charAt(at - 1)))
            && (end == message.length() || !isNameChar(message.charAt(end)))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Characters that continue a name: a service named inside a path ({@code /orders/7}) is a path, not a mention. */
  static boolean isNameChar(char c) {
    if (c < 128) { // most log text: the same set without Character's tables
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
          || c == '/';
    }
    return Character.isLetterOrDigit(c);
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
    Set<String> services = new HashSet<>();
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
        candidates = new ArrayList<>();
        for (Map.Entry<String, List<CallEvidence>> call : unnamed.entrySet()) {
          CallEvidence sample = call.getValue().get(0);
          if (any.method.equals(sample.method()) && pathMatches(sample.path(), any.path)) {
            candidates.addAll(call.getValue());
          }
        }
        trust = 0.7;
      }
      assign(entry.getValue(), candidates, trust);
    }
  }

  /** True when {@code path} is {@code template}'s path, a {@code {placeholder}} segment standing for any one segment. */
  static boolean pathMatches(String template, String path) {
    if (template == null || path == null) {
      return false;
    }
    String[] expected = template.split("/", -1);
    String[] actual = path.split("/", -1);
    if (expected.length != actual.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      boolean placeholder = expected[i].length() > 2 && expected[i].startsWith("{") && expected[i].endsWith("}");
      if (!placeholder && !expected[i].equals(actual[i])) {
        return false;
      }
    }
    return true;
  }

  private void assign(List<SpanDraft> servers, List<CallEvidence> candidates, double trust) {
    List<CallEvidence> usable = new ArrayList<>();
    String service = servers.get(0).service;
    for (CallEvidence call : candidates) {
      // a server does not answer its own call; nor does it answer a span of its own service that logged only
      // "GET /stock/{sku} completed in 2 ms": that is one more server of the request, whose first line is missing
      boolean sameServiceEnd = call.parent().endNamesRequest && call.service() == null
          && Objects.equals(call.parent().service, service);
      if (!servers.contains(call.parent()) && !sameServiceEnd) {
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
    SpanDraft caller = call.parent();
    if (caller.endNamesRequest && caller.kindSource == KindSource.NONE) {
      // a span that logged only "POST /charge completed in 4 ms" and that a server of that request answers is
      // the client span of the call: it holds no local work of its own instance
      caller.setKind(SpanKind.CLIENT, KindSource.INFERRED);
      List<SpanDraft> containers = containersByHost.get(caller.host);
      if (containers != null) {
        containers.remove(caller);
      }
    }
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
   * A span of the same instance and thread whose end nothing logged (timed by its first and last lines), whose
   * lines all came before {@code child} began, and after which its thread logged nothing else of the trace
   * before {@code child}: the thread was still doing that span's work. A controller logs one line and then
   * calls; its span outlives the line. When the thread's latest span before the child had a logged end (it was
   * over), the open span of the thread it hangs under, if any, is still at work. Null when the thread is not
   * logged (then nothing says whose work it is), when no open span of the thread is left, or when it is of the
   * same operation as the child (a second handling on a reused thread, not nested work).
   */
  private SpanDraft openBeforeOnSameThread(SpanDraft child) {
    if (child.thread == null) {
      return null;
    }
    SpanDraft latest = null;
    for (SpanDraft candidate : containersByHost.getOrDefault(child.host, List.of())) {
      // not the child's own work: a span that ended within the millisecond before a derived start hangs under it
      if (candidate != child && child.thread.equals(candidate.thread)
          && candidate.startUs <= child.startUs && candidate.endUs <= child.startUs
          && (latest == null || candidate.endUs > latest.endUs) && !isAncestor(child, candidate)) {
        latest = candidate;
      }
    }
    // a finished span of the thread that hangs under an open one of the thread: that one is still at work
    for (int depth = 0; latest != null && latest.timing != TimingSource.FIRST_LAST_EVENT && depth < drafts.size();
        depth++) {
      SpanDraft parent = latest.parentId == null ? null : byId.get(latest.parentId);
      latest = parent != null && parent.host.equals(child.host) && child.thread.equals(parent.thread)
          && parent.endUs <= child.startUs ? parent : null;
    }
    if (latest == null || isAncestor(child, latest) || sameOperation(child, latest)) {
      return null;
    }
    return latest;
  }

  /**
   * True when two spans are runs of one operation: the same name, or, unnamed, first lines that open with the
   * same words up to the first word holding a digit ("Computing price for sku-7" and "… for sku-9").
   */
  static boolean sameOperation(SpanDraft a, SpanDraft b) {
    if (a.name != null || b.name != null) {
      return Objects.equals(a.name, b.name);
    }
    return !a.events.isEmpty() && !b.events.isEmpty()
        && Objects.equals(openingWords(a.events.get(0).message()), openingWords(b.events.get(0).message()));
  }

  /** The words of {@code message} before its first word holding a digit; null for none. */
  static String openingWords(String message) {
    if (message == null) {
      return null;
    }
    int end = 0;
    for (int i = 0; i < message.length(); i++) { // a message opening with a digit is compared whole
      char c = message.charAt(i);
      if (Character.isDigit(c)) {
        break;
      }
      if (Character.isWhitespace(c)) {
        end = i;
      }
      if (i == message.length() - 1) {
        end = message.length();
      }
    }
    return end == 0 ? message : message.substring(0, end);
  }

  /**
   * The tightest span of the same host that encloses {@code child}, whatever its kind and thread: a span
   * of the same thread first (nested work), else any (a pool thread works for the span that handed it the
   * task, as context propagation makes it the parent).
   */
  private SpanDraft enclosingOnSameHost(SpanDraft child) {
    SpanDraft sameThread = null;
    SpanDraft any = null;
    for (SpanDraft candidate : containersByHost.getOrDefault(child.host, List.of())) {
      if (candidate == child || !enclosesWithinItsUnit(candidate, child) || isAncestor(child, candidate)) {
        continue;
      }
      // with no thread logged, "same thread" says nothing
      if (child.thread != null && child.thread.equals(candidate.thread)
          && (sameThread == null || tighter(candidate, sameThread))) {
        sameThread = candidate;
      }
      if (any == null || tighter(candidate, any)) {
        any = candidate;
      }
    }
    return sameThread != null ? sameThread : any;
  }

  /**
   * Once clocks are corrected, spans still without a parent, other than the root, are placed in order of
   * the evidence left: the tightest span of another host that encloses them, or one whose lines stop just
   * short of them; else work after the response: in-process work under the latest span of its own instance
   * that had already answered, a worker under the span of another service that answered 202 Accepted before
   * it began; else the root, so that a trace has one root where time allows it.
   */
  void linkByEnclosure() {
    List<SpanDraft> linkedByTime = new ArrayList<>();
    for (SpanDraft draft : drafts) {
      if (draft.parentId == null) {
        linkAcrossHosts(draft);
        if (draft.parentId != null) {
          linkedByTime.add(draft);
        }
      }
    }
    SpanDraft root = null; // the earliest span still without a parent, a millisecond-truncated start at its middle
    for (SpanDraft draft : drafts) {
      if (draft.parentId == null && (root == null || likelyStart(draft) < likelyStart(root))) {
        root = draft;
      }
    }
    SpanDraft uncalled = root != null && saysCalled(root) ? uncalledRoot(linkedByTime) : null;
    if (uncalled != null) {
      uncalled.setParent(null, ParentSource.NONE, 0);
      root = uncalled;
    }
    for (SpanDraft draft : drafts) {
      if (draft.parentId != null || draft == root || root == null
          || (likelyStart(draft) < likelyStart(root) && (uncalled == null || !saysCalled(draft)))) {
        continue; // a span that began before the root stays a root, unless it was called and the root was not
      }
      SpanDraft answered = draft.kind == SpanKind.INTERNAL ? answeredOnSameHost(draft) : acceptedBefore(draft);
      if (answered != null) {
        draft.setParent(answered.id, ParentSource.AFTER_RESPONSE, ParentSource.AFTER_RESPONSE.confidence());
      } else if (!isAncestor(draft, root)) {
        SpanDraft caller = draft.service != null && day.knowsCallersOf(draft.service)
            ? nearestExpectedCaller(draft) : null;
        draft.setParent(caller != null ? caller.id : root.id, ParentSource.ROOT_FALLBACK,
            ParentSource.ROOT_FALLBACK.confidence());
      }
    }
  }

  /**
   * The span nearest in time to {@code child} (the tighter of two as near, as with spans around it) of a service
   * the day's lines say calls the child's (one seen calling the child's endpoint before one seen calling only
   * others of that service), else of one whose lines name it (not a client or producer span: their
   * work is elsewhere), or null; then, of that span and the spans of its instance within the enclosure tolerance
   * as near, the tightest. For a span with no evidence in its trace: the root is only one such span.
   */
  private SpanDraft nearestExpectedCaller(SpanDraft child) {
    Set<String> endpointCallers = day.callersOf(child.service, child.method, child.path);
    SpanDraft best = null;
    int bestRank = Integer.MAX_VALUE;
    long bestGap = Long.MAX_VALUE;
    for (SpanDraft candidate : drafts) {
      if (candidate == child || candidate.service == null || candidate.service.equals(child.service)
          || !day.mayCall(candidate.service, child.service) || candidate.kind == SpanKind.CLIENT
          || candidate.kind == SpanKind.PRODUCER || isAncestor(child, candidate)) {
        continue;
      }
      int rank = day.calls(candidate.service, child.service) ? 0 : 2;
      if (rank == 0 && endpointCallers != null && !endpointCallers.contains(candidate.service)) {
        rank = 1; // it calls the child's service, but the day never saw it call this endpoint
      }
      long gap = Math.max(0, Math.max(candidate.startUs - child.endUs, child.startUs - candidate.endUs));
      if (best == null || rank < bestRank || (rank == bestRank && (gap < bestGap
          || (gap == bestGap && candidate.duration() < best.duration())))) {
        best = candidate;
        bestRank = rank;
        bestGap = gap;
      }
    }
    if (best == null) {
      return null;
    }
    // Far off in time (a clock off by more than the calls took), the outermost span of the caller's visit is
    // always the nearest; a few milliseconds say nothing there. Within the enclosure tolerance of the nearest,
    // on its instance, the tightest span is taken: calls leave from the work nested in a handling. Before it, a
    // span of the nearest one's visit whose lines were written by a logger that the day saw logging this
    // service's calls to the child's: that code makes such calls.
    Set<String> loggers = day.callingLoggers(best.service, child.service);
    SpanDraft calling = loggers == null ? null : callingWork(best, child, loggers, candidate -> true);
    if (calling != null) {
      return calling;
    }
    SpanDraft tightest = best;
    for (SpanDraft candidate : drafts) {
      if (!otherWorkOf(best, candidate, child)) {
        continue;
      }
      long gap = Math.max(0, Math.max(candidate.startUs - child.endUs, child.startUs - candidate.endUs));
      if (gap <= bestGap + toleranceUs && candidate.duration() < tightest.duration()) {
        tightest = candidate;
      }
    }
    return tightest;
  }

  /**
   * Of {@code enclosing} and the work of its visit that began before {@code child} and is still around it (its
   * lines enclose the child, or nothing logged its end), the tightest whose lines a logger wrote that the day saw
   * logging this service's calls to the child's; {@code enclosing} when the day knows no such logger or none of
   * them wrote there. A controller that logged one line, then called, does not enclose its callee by its lines.
   */
  private SpanDraft callingWorkAround(SpanDraft enclosing, SpanDraft child) {
    Set<String> loggers = day.callingLoggers(enclosing.service, child.service);
    SpanDraft calling = loggers == null ? null : callingWork(enclosing, child, loggers,
        candidate -> candidate.startUs <= child.startUs
            && (candidate.encloses(child) || candidate.timing == TimingSource.FIRST_LAST_EVENT));
    return calling != null ? calling : enclosing;
  }

  /**
   * Of {@code anchor} and the other work of its visit that {@code fits}, the tightest whose lines one of {@code
   * loggers} wrote (the code that makes the service's calls to the child's), or null.
   */
  private SpanDraft callingWork(SpanDraft anchor, SpanDraft child, Set<String> loggers, Predicate<SpanDraft> fits) {
    SpanDraft visit = visitOf(anchor);
    SpanDraft calling = writtenByAny(anchor, loggers) ? anchor : null;
    for (SpanDraft candidate : drafts) {
      if (otherWorkOf(anchor, candidate, child) && fits.test(candidate) && visitOf(candidate) == visit
          && writtenByAny(candidate, loggers) && (calling == null || candidate.duration() < calling.duration())) {
        calling = candidate;
      }
    }
    return calling;
  }

  /** True when {@code candidate} is other work of {@code anchor}'s instance than a call out, not under the child. */
  private boolean otherWorkOf(SpanDraft anchor, SpanDraft candidate, SpanDraft child) {
    return candidate != anchor && candidate.host.equals(anchor.host) && candidate.kind != SpanKind.CLIENT
        && candidate.kind != SpanKind.PRODUCER && !isAncestor(child, candidate);
  }

  /** True when a line of {@code span} was logged by one of {@code loggers}. */
  private static boolean writtenByAny(SpanDraft span, Set<String> loggers) {
    for (LogEvent event : span.events) {
      if (event.logger() != null && loggers.contains(event.logger())) {
        return true;
      }
    }
    return false;
  }

  /** The top of {@code span}'s chain of parents on its own instance: the handling it is part of. */
  private SpanDraft visitOf(SpanDraft span) {
    SpanDraft top = span;
    for (int depth = 0; depth < drafts.size() && top.parentId != null; depth++) {
      SpanDraft parent = byId.get(top.parentId);
      if (parent == null || !parent.host.equals(span.host)) {
        break;
      }
      top = parent;
    }
    return top;
  }

  /**
   * When the earliest span left without a parent is one that evidence says was called, the root is rather
   * the earliest span that nothing says was called and that is either without a parent or hangs, by time
   * alone ({@code linkedByTime}), under a chain that ends at a span evidence says was called. A root that
   * logged only after its children returned (a servlet reporting what its callee threw), or only one line,
   * on a clock off by more than the children took, is otherwise taken for a callee's child. Null when there
   * is none: the earliest span without a parent stays the root.
   */
  private SpanDraft uncalledRoot(List<SpanDraft> linkedByTime) {
    for (SpanDraft draft : drafts) {
      if (!saysCalled(draft)
          && (draft.parentId == null || (linkedByTime.contains(draft) && saysCalled(topOf(draft))))) {
        return draft;
      }
    }
    return null;
  }

  /** The span at the top of {@code span}'s chain of parents (the parents known so far). */
  private SpanDraft topOf(SpanDraft span) {
    SpanDraft top = span;
    for (int depth = 0; depth < drafts.size() && top.parentId != null && byId.containsKey(top.parentId); depth++) {
      top = byId.get(top.parentId);
    }
    return top;
  }

  /**
   * True when the trace says {@code draft} has a caller: its lines say it is local work of its service (a
   * client, producer or internal span), or a call line or client span of another service names its service.
   * A mere mention is not enough: "Consuming … from orders.events" names orders without calling it.
   */
  private boolean saysCalled(SpanDraft draft) {
    if (isLocalWork(draft)) {
      return true;
    }
    if (draft.service == null) {
      return false;
    }
    for (CallEvidence call : calls) {
      if (draft.service.equals(call.service()) && !draft.service.equals(call.parent().service)) {
        return true;
      }
    }
    return day.hasCallers(draft.service);
  }

  /**
   * The tightest span of another host around {@code draft}; failing that, the tightest one around its start
   * whose last line came at most the tolerance before its end (a server's access log, written once the response
   * was sent, can follow its caller's last line); failing that, the span of any host whose lines
   * come nearest to it within the tolerance without enclosing it: a caller that logged its last line before
   * the call, or (a servlet reporting what its callee threw) its first line after the call returned. Only a
   * span timed by its first and last lines can be such a caller: one whose end was logged as such (an end
   * line, a duration, an access log) and came before the child began had finished before it. Two such spans
   * side by side say nothing of which called which; the earlier is taken as the caller (a line before the
   * call is the common case), so "first line after" needs a child whose end was logged as such.
   */
  private void linkAcrossHosts(SpanDraft draft) {
    if (draft.service == null || !(day.knowsCallersOf(draft.service) || day.isEntry(draft.service))) {
      linkAcrossHosts(draft, 0); // the day says nothing of its callers: every span ranks 0
      return;
    }
    if (linkAcrossHosts(draft, 0) || linkAcrossHosts(draft, 1)) {
      return;
    }
    // a caller the day has seen but that is neither around it nor near is still its likelier parent (rule 8); a
    // span of a service nothing calls hangs under another service's by no timing
    if (nearestExpectedCaller(draft) == null && !day.isEntry(draft.service)) {
      linkAcrossHosts(draft, 2);
    }
  }

  /** True when a span's lines say it is local work of its service: a client, producer or internal span. */
  private static boolean isLocalWork(SpanDraft span) {
    return span.kindSource != KindSource.NONE && span.kind != SpanKind.SERVER && span.kind != SpanKind.CONSUMER;
  }

  /**
   * How well {@code candidate} fits as a caller of {@code child} by the day's lines: 0 when it is of a service the
   * day saw calling the child's, a span of the child's own instance and the child local work, or when the day says
   * nothing of who calls the child's service; 1 when its service's lines only name the child's, or it is of the
   * child's own service (whose spans say nothing of who called the child); 2 otherwise (the day saw others call
   * it, or nothing at all: an entry). A link to a span of rank 2 by time alone would draw a call nothing else in
   * the day shows.
   */
  private int callerRank(SpanDraft candidate, SpanDraft child) {
    if (candidate.service == null || child.service == null
        || (!day.knowsCallersOf(child.service) && !day.isEntry(child.service))
        || day.calls(candidate.service, child.service)
        || (candidate.host.equals(child.host) && isLocalWork(child))) {
      return 0;
    }
    boolean ownService = candidate.service.equals(child.service);
    if (ownService && !candidate.host.equals(child.host)
        && (child.kind == SpanKind.SERVER || child.kind == SpanKind.CONSUMER)) {
      // a server beside another instance's work of its service was called by a caller, not by that instance
      return 2;
    }
    return ownService || day.mayCall(candidate.service, child.service) ? 1 : 2;
  }

  /**
   * True when the day's lines say which services call {@code child}'s (some, or none: an entry) and
   * {@code candidate}'s is not one of them, not counting mere mentions.
   */
  private boolean unexpectedCaller(SpanDraft candidate, SpanDraft child) {
    return candidate.service != null && child.service != null && !candidate.service.equals(child.service)
        && (day.hasCallers(child.service) || day.isEntry(child.service))
        && !day.calls(candidate.service, child.service);
  }

  /**
   * One try of {@link #linkAcrossHosts(SpanDraft)}, among the spans whose {@link #callerRank} is at most
   * {@code maxRank}. True when a parent was set.
   */
  private boolean linkAcrossHosts(SpanDraft draft, int maxRank) {
    SpanDraft enclosing = null;
    SpanDraft overrun = null;
    SpanDraft near = null;
    SpanDraft nearOnHost = null;
    long nearGap = Long.MAX_VALUE;
    long nearOnHostGap = Long.MAX_VALUE;
    boolean childEndLogged = draft.timing != TimingSource.FIRST_LAST_EVENT;
    for (SpanDraft candidate : drafts) {
      if (candidate == draft || isAncestor(draft, candidate) || callerRank(candidate, draft) > maxRank) {
        continue;
      }
      boolean sameHost = candidate.host.equals(draft.host);
      if (candidate.encloses(draft)) {
        if (!sameHost && (enclosing == null || candidate.duration() < enclosing.duration())
            && !derivedTwin(candidate, draft)) {
          enclosing = candidate; // a span of its own host around it was taken before clocks were corrected
        }
        continue;
      }
      if (!sameHost && candidate.startUs <= draft.startUs && draft.startUs < candidate.endUs
          && draft.endUs - candidate.endUs <= toleranceUs
          && (overrun == null || candidate.duration() < overrun.duration())) {
        // around its start, its end logged just after the candidate's last line: a server's access log is
        // written once the response is sent, which may be after the caller had it and logged on
        overrun = candidate;
      }
      if (candidate.timing != TimingSource.FIRST_LAST_EVENT || candidate.kind == SpanKind.CLIENT
          || candidate.kind == SpanKind.PRODUCER) {
        continue;
      }
      long gap;
      if (candidate.endUs <= draft.startUs) {
        gap = draft.startUs - candidate.endUs; // its last line before the child
        if (gap < DURATION_UNIT_US && loggedToTheMillisecond(candidate.endUs - candidate.skewUs)
            && !loggedToTheMillisecond(draft.startUs - draft.skewUs)) {
          continue; // a line logged to the millisecond, within it: it may as well have come after the child began
        }
      } else if (candidate.startUs >= draft.endUs && childEndLogged) {
        gap = candidate.startUs - draft.endUs; // its first line after the child
      } else {
        continue; // overlapping without enclosing: a neighbour, not a caller
      }
      boolean better = near == null || gap < nearGap
          || (gap == nearGap && sameHost && !near.host.equals(draft.host));
      if (gap <= toleranceUs && better) {
        near = candidate;
        nearGap = gap;
      }
      if (sameHost && gap < nearOnHostGap) {
        nearOnHost = candidate;
        nearOnHostGap = gap;
      }
    }
    boolean localWork = isLocalWork(draft);
    if (nearOnHost != null && localWork) {
      // local work (a client call, internal work: its lines say so) is work of a span of its own instance: the
      // nearest that logged only before or only after it, at any distance, comes before another host's span
      // around it or near it (a controller that logs one line, works, then calls). A span whose kind nothing
      // named may as well be its service's entry, so it is not assumed.
      draft.setParent(nearOnHost.id, ParentSource.NEAR, ParentSource.NEAR.confidence());
    } else if (enclosing != null) {
      draft.setParent(callingWorkAround(enclosing, draft).id, ParentSource.ENCLOSING, 0.5);
    } else if (overrun != null) {
      draft.setParent(overrun.id, ParentSource.ENCLOSING, OVERRUN_CONFIDENCE);
    } else if (near != null) {
      draft.setParent(callerOrSibling(near, draft).id, ParentSource.NEAR, ParentSource.NEAR.confidence());
    } else {
      return false;
    }
    return true;
  }

  /**
   * True when {@code candidate} encloses {@code child}, a start derived from a duration logged in whole
   * milliseconds ("GET /stock/{sku} completed in 1 ms" after 1.9 ms) counting as up to a millisecond earlier: on
   * one instance, the work that began just before such a start is the span's own. Not for a child whose end
   * nothing logged, unless the span is a request's handling: such a child (a controller's one line, "Running
   * TokenController.postTokens") is the thread's open work, which went on past its line; logged before the derived
   * start, it is as likely the span's caller ({@link #openBeforeOnSameThread}) as its child, and only the surer
   * enclosures decide.
   */
  private static boolean enclosesWithinItsUnit(SpanDraft candidate, SpanDraft child) {
    // a request's handling (an access log, an end line naming the request) is entered before any work of its
    // instance for that request: it encloses even the open work logged in its millisecond
    boolean handling = candidate.timing == TimingSource.ACCESS_LOG || candidate.endNamesRequest
        || candidate.kind == SpanKind.SERVER || candidate.kind == SpanKind.CONSUMER;
    boolean widened = candidate.startDerived() && (child.timing != TimingSource.FIRST_LAST_EVENT || handling);
    long start = widened ? candidate.startUs - DURATION_UNIT_US : candidate.startUs;
    // likewise the child's own derived start ("completed in 1 ms" after 0.7 ms: a logger that rounds), beside
    // a span of its own thread: on another thread it is as likely a concurrent request's work
    boolean childWidened = child.startDerived() && child.thread != null && child.thread.equals(candidate.thread);
    long childStart = childWidened ? child.startUs + DURATION_UNIT_US : child.startUs;
    return start <= childStart && child.endUs <= candidate.endUs;
  }

  /**
   * True when {@code a} is a tighter fit around a child than {@code b}. Spans that both enclose one child
   * nest, so the one that ended first is the inner one; where a start was derived from a duration in whole
   * milliseconds, that end is surer than the width. Otherwise the shorter span.
   */
  private static boolean tighter(SpanDraft a, SpanDraft b) {
    if ((a.startDerived() || b.startDerived()) && a.endUs != b.endUs) {
      return a.endUs < b.endUs;
    }
    return a.duration() < b.duration();
  }

  /**
   * True when a time (on its host's own clock) is a whole millisecond: a logger that writes milliseconds
   * (Logback's default {@code %d}) cut it there, and the line came anywhere in the millisecond that follows. A
   * time logged to the microsecond is a whole millisecond once in a thousand, and is then only read as coarser.
   */
  static boolean loggedToTheMillisecond(long hostTimeUs) {
    return hostTimeUs % 1_000 == 0 && hostTimeUs % 1_000_000 != 0;
  }

  /**
   * When a span most likely began: the middle of its first line's millisecond when that line was logged to the
   * millisecond and timed the span, else its start. Beside a span logged to the microsecond in the same
   * millisecond, which began first is otherwise decided by the truncation alone.
   */
  private static long likelyStart(SpanDraft span) {
    return span.timedByItsLines() && loggedToTheMillisecond(span.startUs - span.skewUs) ? span.startUs + DURATION_UNIT_US / 2
        : span.startUs;
  }

  /**
   * True when {@code candidate}'s start was derived from one line's duration (an access log, an end line with the
   * time taken) and comes less than a millisecond before {@code child}'s, whose lines bracket its time themselves.
   * Durations are logged in whole milliseconds (pino-http's responseTime, "completed in 4 ms"): such a start says
   * nothing of which began first, so it does not make the candidate the caller of a span that logged its own start
   * (the pair's order must not depend on the ids).
   */
  private static boolean derivedTwin(SpanDraft candidate, SpanDraft child) {
    return candidate.startDerived() && child.timedByItsLines() && child.startUs - candidate.startUs < DURATION_UNIT_US;
  }

  /**
   * {@code near} stopped logging just before {@code draft} began, but it belongs to a visit to another
   * service (the span that service entered by, and the spans of that service under it) that was wholly over
   * by then. A visit that is over makes no more calls: unless something says its service calls
   * {@code draft}'s, {@code draft} is the visit's next sibling, a child of the span that made the visit (a
   * caller that went on to its next call). {@code near} stays the parent when nothing made the visit.
   */
  private SpanDraft callerOrSibling(SpanDraft near, SpanDraft draft) {
    if (near.endUs > draft.startUs || near.service == null || draft.service == null
        || near.service.equals(draft.service)
        || calls(near.service, draft.service)) {
      return near;
    }
    SpanDraft entry = visitEntry(near);
    // An entry still without a caller, other than the earliest span, will hang under the root (rule 8): the
    // root is then the visit's caller, unless the near span is the entry itself, whose one line may be that of
    // a controller that logs and then calls.
    SpanDraft caller = entry.parentId != null ? byId.get(entry.parentId)
        : entry == near ? null : earlierRootless(entry);
    if (caller == null || isAncestor(draft, caller)) {
      return near;
    }
    for (SpanDraft other : drafts) {
      if (other != draft && other.endUs > draft.startUs && visitEntry(other) == entry) {
        return near; // the visit was still going on when draft began
      }
    }
    return caller;
  }

  /**
   * The earliest span without a parent (by {@link #likelyStart}), when it began before {@code span}: the
   * root-to-be; else null.
   */
  private SpanDraft earlierRootless(SpanDraft span) {
    SpanDraft earliest = null;
    for (SpanDraft draft : drafts) {
      if (draft != span && draft.parentId == null && (earliest == null || likelyStart(draft) < likelyStart(earliest))) {
        earliest = draft;
      }
    }
    return earliest != null && likelyStart(earliest) < likelyStart(span) ? earliest : null;
  }

  /** The span {@code span}'s service was entered by: its highest ancestor of the same service, unbroken. */
  private SpanDraft visitEntry(SpanDraft span) {
    SpanDraft entry = span;
    for (int depth = 0; depth < drafts.size() && entry.parentId != null; depth++) {
      SpanDraft parent = byId.get(entry.parentId);
      if (parent == null || !Objects.equals(parent.service, entry.service)) {
        break;
      }
      entry = parent;
    }
    return entry;
  }

  /**
   * True when the trace says {@code caller}'s service calls {@code callee}'s: a call or publish line of the
   * caller naming it, a line of the caller mentioning it, or a span of the callee hanging under the caller by
   * evidence other than timing.
   */
  private boolean calls(String caller, String callee) {
    if (day.mayCall(caller, callee)) {
      return true;
    }
    for (CallEvidence call : calls) {
      if (caller.equals(call.parent().service) && callee.equals(call.service())) {
        return true;
      }
    }
    for (SpanDraft span : drafts) {
      if (caller.equals(span.service) && mentions(span, callee)) {
        return true;
      }
      SpanDraft parent = span.parentId == null ? null : byId.get(span.parentId);
      if (parent != null && callee.equals(span.service) && caller.equals(parent.service)
          && (span.parentSource.logged() || span.parentSource == ParentSource.CLIENT_SPAN
              || span.parentSource == ParentSource.CALL_LINE || span.parentSource == ParentSource.PRODUCER
              || span.parentSource == ParentSource.MENTION)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The latest span of another service that answered 202 Accepted before {@code draft} began: an API that
   * accepted the request for later processing, which a worker (an RPC cast, a queue) then picked up sharing
   * only the request id. The latest to begin: a gateway in front relays the same 202, but began earlier.
   */
  private SpanDraft acceptedBefore(SpanDraft draft) {
    SpanDraft best = null;
    for (SpanDraft candidate : drafts) {
      if (candidate != draft && candidate.endUs <= draft.startUs && !Objects.equals(candidate.service, draft.service)
          && candidate.answered(202) && !isAncestor(draft, candidate)
          && (best == null || candidate.startUs > best.startUs)) {
        best = candidate;
      }
    }
    return best;
  }

  /** The latest span of {@code draft}'s instance that began before it and had ended by the time it began. */
  private SpanDraft answeredOnSameHost(SpanDraft draft) {
    SpanDraft best = null;
    for (SpanDraft candidate : containersByHost.getOrDefault(draft.host, List.of())) {
      if (candidate != draft && candidate.endUs <= draft.startUs && !isAncestor(draft, candidate)
          && (best == null || candidate.startUs > best.startUs)) {
        best = candidate;
      }
    }
    return best;
  }

  /**
   * Spans whose kind nothing named but whose parent is on another service are that service's entry: a
   * CONSUMER when the parent is a publish or it began after its parent had answered, else a SERVER.
   */
  void inferEntryKinds() {
    for (SpanDraft draft : drafts) {
      SpanDraft parent = draft.parentId == null ? null : byId.get(draft.parentId);
      if (draft.kindSource != KindSource.NONE || parent == null || draft.service == null
          || draft.service.equals(parent.service)) {
        continue;
      }
      boolean asynchronous = parent.kind == SpanKind.PRODUCER || draft.parentSource == ParentSource.PRODUCER
          || draft.parentSource == ParentSource.AFTER_RESPONSE
          || (parent.timing != TimingSource.FIRST_LAST_EVENT && draft.startUs >= parent.endUs);
      draft.setKind(asynchronous ? SpanKind.CONSUMER : SpanKind.SERVER, KindSource.INFERRED);
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
