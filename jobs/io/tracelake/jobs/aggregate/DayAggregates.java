package io.tracelake.jobs.aggregate;

import io.tracelake.model.Span;
import io.tracelake.model.TraceSummary.PathStep;
import io.tracelake.model.SpanKind;
import io.tracelake.model.aggregate.DependencyCall;
import io.tracelake.model.aggregate.DependencyLinker;
import io.tracelake.model.aggregate.ErrorClass;
import io.tracelake.model.aggregate.LatencySketch;
import io.tracelake.model.aggregate.OperationNormalizer;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import io.tracelake.model.trace.CriticalPath;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The daily aggregates of a day, or the part of them one task saw: per group of each daily table, counts, the exact
 * maximum, a latency sketch, and for errors the smallest trace ids. Plain Java, fed one rebuilt trace at a time
 * ({@link #addTrace}); parts merge ({@link #merge}) on the driver, with no Spark job, into the tables' rows.
 */
public final class DayAggregates implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int SAMPLES = 5;
  private static final long HOUR_US = 3_600_000_000L;

  private final Map<Key, Latencies> latencies = new HashMap<>();
  private final Map<Key, Failures> failures = new HashMap<>();
  private final Map<Key, Spread> perTrace = new HashMap<>();
  /** Per endpoint and operation on its critical paths; the endpoint's own totals under a null operation. */
  private final Map<CriticalKey, Spread> criticalPaths = new HashMap<>();

  /**
   * Adds one trace of stored spans (tracelake aggregate): its root and critical path found as the rebuild finds
   * them ({@link CriticalPath}).
   */
  public void addTrace(List<Span> trace, OperationNormalizer operations) {
    Span root = CriticalPath.root(trace);
    addTrace(trace, root == null ? null : root.spanId(),
        root == null ? List.of() : CriticalPath.of(trace, root.spanId()), operations);
  }

  /**
   * Adds one trace's spans: each span to its operation, hour and error class, the trace's calls to its edges, its
   * critical path to its endpoint's.
   */
  public void addTrace(List<Span> trace, String rootSpanId, List<PathStep> criticalPath,
      OperationNormalizer operations) {
    // each span's operation, normalised once for all the tables (the normaliser's patterns are the cost)
    Map<String, String> operationOf = new HashMap<>();
    for (Span span : trace) {
      String operation = operations.normalize(span.name() == null ? "" : span.name());
      operationOf.putIfAbsent(span.spanId(), operation);
      if (span.service() == null) {
        continue;
      }
      boolean failed = ErrorClass.isFailure(span);
      latencies.computeIfAbsent(new Key(Tables.SERVICE_OPERATIONS_DAILY, span.service(), operation,
          span.kind().name(), null), k -> new Latencies()).add(span.durationUs(), failed);
      if (span.kind() == SpanKind.SERVER || span.kind() == SpanKind.CONSUMER) {
        latencies.computeIfAbsent(new Key(Tables.SERVICE_HOURLY, span.service(), null, null,
            Math.floorDiv(span.startUs(), HOUR_US) * HOUR_US), k -> new Latencies()).add(span.durationUs(), failed);
      }
      String errorClass = ErrorClass.of(span);
      if (errorClass != null) {
        failures.computeIfAbsent(new Key(Tables.ERRORS_DAILY, span.service(), operation, errorClass, null),
            k -> new Failures()).add(span.traceId());
      }
    }
    Map<Key, Long> callsInTrace = new HashMap<>();
    for (DependencyCall call : DependencyLinker.calls(trace)) {
      Key edge = new Key(Tables.DEPENDENCIES_DAILY, call.parent(), call.child(), null, null);
      latencies.computeIfAbsent(edge, k -> new Latencies()).add(call.durationUs(), call.error());
      callsInTrace.merge(edge, 1L, Long::sum);
    }
    callsInTrace.forEach((edge, calls) -> perTrace.computeIfAbsent(edge, k -> new Spread()).add(calls));
    addCriticalPath(trace, rootSpanId, criticalPath, operationOf);
  }

  /** The endpoint's totals, and each operation's time on this trace's critical path (its spans' steps added up). */
  private void addCriticalPath(List<Span> trace, String rootSpanId, List<PathStep> path,
      Map<String, String> operationOf) {
    if (rootSpanId == null || path.isEmpty()) {
      return;
    }
    Map<String, Span> byId = new HashMap<>();
    trace.forEach(span -> byId.putIfAbsent(span.spanId(), span));
    Span root = byId.get(rootSpanId);
    if (root == null || root.service() == null) {
      return;
    }
    String rootOperation = operationOf.get(rootSpanId);
    criticalPaths.computeIfAbsent(new CriticalKey(root.service(), rootOperation, null, null), k -> new Spread())
        .add(root.durationUs());
    Map<CriticalKey, Long> selfByOperation = new HashMap<>();
    for (PathStep step : path) {
      Span span = byId.get(step.spanId());
      if (span != null) {
        selfByOperation.merge(new CriticalKey(root.service(), rootOperation, span.service() == null ? "?"
            : span.service(), operationOf.get(step.spanId())), step.selfUs(), Long::sum);
      }
    }
    selfByOperation.forEach((key, selfUs) -> criticalPaths.computeIfAbsent(key, k -> new Spread()).add(selfUs));
  }

  /** Adds {@code other}'s groups to these; returns this. */
  public DayAggregates merge(DayAggregates other) {
    other.latencies.forEach((key, part) -> latencies.merge(key, part, Latencies::merge));
    other.failures.forEach((key, part) -> failures.merge(key, part, Failures::merge));
    other.perTrace.forEach((key, part) -> perTrace.merge(key, part, Spread::merge));
    other.criticalPaths.forEach((key, part) -> criticalPaths.merge(key, part, Spread::merge));
    return this;
  }

  /** The rows of service_operations_daily, ordered by service (the file's sort order). */
  public List<AggregateRows.OperationDay> operations() {
    return latencyRows(Tables.SERVICE_OPERATIONS_DAILY,
        (key, stats) -> new AggregateRows.OperationDay(key.k1(), key.k2(), key.k3(), stats),
        Comparator.comparing(AggregateRows.OperationDay::service));
  }

  public List<AggregateRows.ServiceHour> hours() {
    return latencyRows(Tables.SERVICE_HOURLY, (key, stats) -> new AggregateRows.ServiceHour(key.k1(), key.hourUs(), stats),
        Comparator.comparing(AggregateRows.ServiceHour::service));
  }

  public List<AggregateRows.ErrorDay> errors() {
    List<AggregateRows.ErrorDay> rows = new ArrayList<>();
    failures.forEach((key, acc) -> rows.add(new AggregateRows.ErrorDay(key.k1(), key.k2(), key.k3(), acc.count,
        new ArrayList<>(acc.samples))));
    rows.sort(Comparator.comparing(AggregateRows.ErrorDay::service));
    return rows;
  }

  public List<AggregateRows.DependencyDay> dependencies() {
    return latencyRows(Tables.DEPENDENCIES_DAILY,
        (key, stats) -> new AggregateRows.DependencyDay(key.k1(), key.k2(), stats,
            perTrace.getOrDefault(key, new Spread()).callsPerTrace()),
        Comparator.comparing(AggregateRows.DependencyDay::parent));
  }

  /** The rows of critical_path_daily: per endpoint, its operations by their share, the largest first. */
  public List<AggregateRows.CriticalPathDay> criticalPaths() {
    List<AggregateRows.CriticalPathDay> rows = new ArrayList<>();
    criticalPaths.forEach((key, onPath) -> {
      if (key.service() != null) {
        Spread endpoint = criticalPaths.get(new CriticalKey(key.rootService(), key.rootOperation(), null, null));
        rows.add(new AggregateRows.CriticalPathDay(key.rootService(), key.rootOperation(), key.service(),
            key.operation(), AggregateRows.OnPathStats.of(endpoint.traces, endpoint.total, onPath.traces,
                onPath.total, onPath.sketch)));
      }
    });
    rows.sort(Comparator.comparing(AggregateRows.CriticalPathDay::rootService)
        .thenComparing(AggregateRows.CriticalPathDay::rootOperation)
        .thenComparing(r -> -r.stats().criticalUs()).thenComparing(AggregateRows.CriticalPathDay::service)
        .thenComparing(AggregateRows.CriticalPathDay::operation));
    return rows;
  }

  /** The rows of one latency table, sorted as its file is. */
  private <R> List<R> latencyRows(Table table, java.util.function.BiFunction<Key, AggregateRows.LatencyStats, R> row,
      Comparator<R> order) {
    List<R> rows = new ArrayList<>();
    latencies.forEach((key, acc) -> {
      if (key.table().equals(table.name())) {
        rows.add(row.apply(key, acc.stats()));
      }
    });
    rows.sort(order);
    return rows;
  }

  /**
   * A group of one daily table: its key columns (unused ones null). Its equals and hashCode are written out: a
   * record's own go through method handles, which the launcher's inlining limits leave as calls, on every span.
   */
  private record Key(String table, String k1, String k2, String k3, Long hourUs) implements Serializable {
    Key(Table table, String k1, String k2, String k3, Long hourUs) {
      this(table.name(), k1, k2, k3, hourUs);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key o && table.equals(o.table) && Objects.equals(k1, o.k1) && Objects.equals(k2, o.k2)
          && Objects.equals(k3, o.k3) && Objects.equals(hourUs, o.hourUs);
    }

    @Override
    public int hashCode() {
      int hash = table.hashCode();
      hash = 31 * hash + Objects.hashCode(k1);
      hash = 31 * hash + Objects.hashCode(k2);
      hash = 31 * hash + Objects.hashCode(k3);
      return 31 * hash + Objects.hashCode(hourUs); // not Objects.hash: its array would be an object per span
    }
  }

  /**
   * An endpoint (root service and operation) and an operation on its critical paths (both null: the endpoint);
   * equals and hashCode written out as {@link Key}'s.
   */
  private record CriticalKey(String rootService, String rootOperation, String service, String operation)
      implements Serializable {
    @Override
    public boolean equals(Object other) {
      return other instanceof CriticalKey o && Objects.equals(rootService, o.rootService)
          && Objects.equals(rootOperation, o.rootOperation) && Objects.equals(service, o.service)
          && Objects.equals(operation, o.operation);
    }

    @Override
    public int hashCode() {
      int hash = Objects.hashCode(rootService);
      hash = 31 * hash + Objects.hashCode(rootOperation);
      hash = 31 * hash + Objects.hashCode(service);
      return 31 * hash + Objects.hashCode(operation);
    }
  }

  /**
   * Values, one per trace, with their count, sum, largest and spread: a span's self time on the critical path, or
   * the calls along an edge in one trace.
   */
  private static final class Spread implements Serializable {
    private static final long serialVersionUID = 1L;
    LatencySketch sketch = new LatencySketch();
    long traces;
    long total;
    long max;

    void add(long value) {
      sketch.add(value);
      traces++;
      total += value;
      max = Math.max(max, value);
    }

    Spread merge(Spread other) {
      sketch.merge(other.sketch);
      traces += other.traces;
      total += other.total;
      max = Math.max(max, other.max);
      return this;
    }

    AggregateRows.CallsPerTrace callsPerTrace() {
      return AggregateRows.CallsPerTrace.of(traces, max, sketch);
    }
  }

  private static final class Latencies implements Serializable {
    private static final long serialVersionUID = 1L;
    LatencySketch sketch = new LatencySketch();
    long calls;
    long errors;
    long maxUs;

    void add(long durationUs, boolean error) {
      sketch.add(durationUs);
      calls++;
      errors += error ? 1 : 0;
      maxUs = Math.max(maxUs, durationUs); // the sketch's max is within 1%; the table promises the exact one
    }

    Latencies merge(Latencies other) {
      sketch.merge(other.sketch);
      calls += other.calls;
      errors += other.errors;
      maxUs = Math.max(maxUs, other.maxUs);
      return this;
    }

    AggregateRows.LatencyStats stats() {
      return AggregateRows.LatencyStats.of(calls, errors, maxUs, sketch);
    }
  }

  /** The count of a failure group and its smallest trace ids, so that a re-run picks the same examples. */
  private static final class Failures implements Serializable {
    private static final long serialVersionUID = 1L;
    long count;
    final TreeSet<String> samples = new TreeSet<>();

    void add(String traceId) {
      count++;
      sample(Collections.singleton(traceId));
    }

    Failures merge(Failures other) {
      count += other.count;
      sample(other.samples);
      return this;
    }

    void sample(Iterable<String> traceIds) {
      for (String id : traceIds) {
        samples.add(id);
        if (samples.size() > SAMPLES) {
          samples.pollLast();
        }
      }
    }
  }
}
