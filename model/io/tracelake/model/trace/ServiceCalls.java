package io.tracelake.model.trace;

import io.tracelake.model.LogEvent;
import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which services call which, as the day's lines say it one line at a time: a call line ("Calling payments POST
 * /charge"), a client-side access line naming another service as its authority, a span naming its peer service,
 * and a publish and a consume of the same topic by two services. Gathered while the day is parsed, before any
 * trace is rebuilt, it tells a rebuild what one trace's lines cannot: that a service is never called by another,
 * or never by this one. A link made by time alone then prefers a caller the day has seen.
 *
 * <p>Immutable; build one with {@link Collector}.
 */
public final class ServiceCalls implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ServiceCalls NONE = new ServiceCalls(Map.of());

  /** Per callee, the other services seen calling it. */
  private final Map<String, Set<String>> callersByCallee;

  /** Every service seen calling another. */
  private final Set<String> callers;

  private ServiceCalls(Map<String, Set<String>> callersByCallee) {
    this.callersByCallee = callersByCallee;
    Set<String> all = new HashSet<>();
    callersByCallee.values().forEach(all::addAll);
    this.callers = Set.copyOf(all);
  }

  /** Nothing seen: every question is answered "not known". */
  public static ServiceCalls none() {
    return NONE;
  }

  /** True when a line of the day says {@code caller} calls {@code callee} (another service). */
  public boolean calls(String caller, String callee) {
    Set<String> callers = callee == null ? null : callersByCallee.get(callee);
    return callers != null && callers.contains(caller);
  }

  /** True when a line of the day says some other service calls {@code callee}. */
  public boolean hasCallers(String callee) {
    return callee != null && callersByCallee.containsKey(callee);
  }

  /**
   * True when the day's lines say {@code service} calls others and nothing calls it: an entry, such as a gateway,
   * whose spans begin a trace rather than hang under another service's.
   */
  public boolean isEntry(String service) {
    return service != null && !callersByCallee.containsKey(service) && callers.contains(service);
  }

  /** The calls, callee to its callers, sorted: for the run report and tests. */
  public Map<String, Set<String>> callersByCallee() {
    Map<String, Set<String>> sorted = new TreeMap<>();
    callersByCallee.forEach((callee, callers) -> sorted.put(callee, new TreeSet<>(callers)));
    return sorted;
  }

  @Override
  public String toString() {
    return "ServiceCalls" + callersByCallee();
  }

  /**
   * Reads the lines of one parse task; collectors of several tasks merge. Not thread-safe: one per task.
   * Publishers and consumers stay by topic until {@link #calls()} pairs them, so that a topic published in one
   * task and consumed in another still makes the call.
   */
  public static final class Collector implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, Set<String>> callersByCallee = new HashMap<>();
    private final Map<String, Set<String>> publishersByTopic = new HashMap<>();
    private final Map<String, Set<String>> consumersByTopic = new HashMap<>();
    /** Only for reading lines in the task: a collector travels to the driver without it. */
    private final transient LineEvidence evidence;

    /** @param evidence the patterns the rebuild reads call, publish and consume lines with */
    public Collector(LineEvidence evidence) {
      this.evidence = evidence;
    }

    /** What {@code event}'s line says about its service calling another (nothing for most lines). */
    public void read(LogEvent event) {
      String service = event.service();
      if (service == null) {
        return;
      }
      String peer = event.attribute(SpanMarkers.PEER_SERVICE);
      if (peer != null) {
        call(service, peer);
      }
      if (HandlingSplitter.isAccessLog(event)) {
        call(service, TraceRebuilder.authorityService(event)); // a sidecar's or egress proxy's line
        return;
      }
      LineEvidence.Line line = evidence.readExchange(event.message());
      if (line == null) {
        return;
      }
      switch (line.kind()) {
        case CALL -> call(service, line.service());
        case PUBLISH -> publishersByTopic.computeIfAbsent(line.topic(), t -> new HashSet<>()).add(service);
        case CONSUMER_START -> consumersByTopic.computeIfAbsent(line.topic(), t -> new HashSet<>()).add(service);
        default -> { }
      }
    }

    /** Records that {@code caller} calls {@code callee}; a service calling itself says nothing. */
    public void call(String caller, String callee) {
      if (caller != null && callee != null && !callee.isEmpty() && !caller.equals(callee)) {
        callersByCallee.computeIfAbsent(callee, c -> new HashSet<>()).add(caller);
      }
    }

    /** Adds what another task's collector read. */
    public void addAll(Collector other) {
      mergeInto(callersByCallee, other.callersByCallee);
      mergeInto(publishersByTopic, other.publishersByTopic);
      mergeInto(consumersByTopic, other.consumersByTopic);
    }

    private static void mergeInto(Map<String, Set<String>> into, Map<String, Set<String>> from) {
      from.forEach((key, values) -> into.computeIfAbsent(key, k -> new HashSet<>()).addAll(values));
    }

    /** The calls read so far, a topic's publishers calling its consumers. */
    public ServiceCalls calls() {
      Collector all = new Collector(evidence);
      all.addAll(this);
      consumersByTopic.forEach((topic, consumers) -> {
        for (String publisher : publishersByTopic.getOrDefault(topic, Set.of())) {
          for (String consumer : consumers) {
            all.call(publisher, consumer);
          }
        }
      });
      if (all.callersByCallee.isEmpty()) {
        return NONE;
      }
      Map<String, Set<String>> frozen = new HashMap<>();
      all.callersByCallee.forEach((callee, callers) -> frozen.put(callee, Set.copyOf(callers)));
      return new ServiceCalls(Map.copyOf(frozen));
    }
  }
}
