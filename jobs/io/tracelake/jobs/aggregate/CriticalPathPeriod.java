package io.tracelake.jobs.aggregate;

import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.jobs.warehouse.RowView;
import io.tracelake.jobs.warehouse.TableFiles;
import io.tracelake.model.aggregate.LatencySketch;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * critical_path_daily merged over days, read with parquet-java: an operation's traces, time on the path and sketch
 * add up; an endpoint's totals add up once per day (every row of an endpoint on a day carries the same ones). What
 * {@code rollup}, {@code critical-path} and {@code compare} read; days without the table add nothing.
 */
public final class CriticalPathPeriod {

  /** An operation's time on an endpoint's critical paths as the days add up. */
  public static final class OnPath {
    public final LatencySketch sketch = new LatencySketch();
    public long traces;
    public long criticalUs;

    void add(OnPath other) {
      traces += other.traces;
      criticalUs += other.criticalUs;
      sketch.merge(other.sketch);
    }
  }

  /** (root service, root operation) to {traces, µs}. */
  public final Map<List<String>, long[]> endpoints = new HashMap<>();
  /** (root service, root operation, service, operation) to its sums, in key order. */
  public final Map<List<String>, OnPath> operations = new TreeMap<>(GroupKeys.ORDER);

  private CriticalPathPeriod() {}

  /** The days' rows of the endpoints {@code endpoint} accepts ((root service, root operation)). */
  public static CriticalPathPeriod read(Configuration hadoop, String warehouse, List<LocalDate> days,
      Predicate<List<String>> endpoint) throws IOException {
    CriticalPathPeriod period = new CriticalPathPeriod();
    for (LocalDate day : days) {
      Path dir = DayPointer.partition(warehouse, Tables.CRITICAL_PATH_DAILY, day, hadoop);
      if (dir == null) {
        continue;
      }
      Map<List<String>, long[]> endpointsOfDay = new HashMap<>();
      for (RowView row : TableFiles.readAll(Tables.CRITICAL_PATH_DAILY, dir, hadoop)) {
        List<String> root = List.of(row.string("root_service"), row.string("root_operation"));
        if (!endpoint.test(root)) {
          continue;
        }
        endpointsOfDay.putIfAbsent(root, new long[] {row.longValue("endpoint_traces"), row.longValue("endpoint_us")});
        OnPath sums = period.operations.computeIfAbsent(List.of(root.get(0), root.get(1), row.string("service"),
            row.string("operation")), key -> new OnPath());
        sums.traces += row.longValue("traces");
        sums.criticalUs += row.longValue("critical_us");
        sums.sketch.merge(LatencySketch.fromBytes(row.bytes("self_sketch")));
      }
      endpointsOfDay.forEach((root, totals) -> {
        long[] sum = period.endpoints.computeIfAbsent(root, r -> new long[2]);
        sum[0] += totals[0];
        sum[1] += totals[1];
      });
    }
    return period;
  }

  /**
   * Each operation's sums over the endpoints read, keyed (service, operation): what a service's endpoints taken
   * together spend on their critical paths.
   */
  public Map<List<String>, OnPath> byOperation() {
    Map<List<String>, OnPath> merged = new TreeMap<>(GroupKeys.ORDER);
    operations.forEach((key, sums) -> merged.computeIfAbsent(key.subList(2, 4), k -> new OnPath()).add(sums));
    return merged;
  }

  /** The operation's share of its endpoint's latency over the period (key: root service, root operation, ...). */
  public double share(List<String> key) {
    long[] endpoint = endpoints.get(key.subList(0, 2));
    OnPath onPath = operations.get(key);
    return endpoint == null || onPath == null || endpoint[1] == 0 ? 0.0 : (double) onPath.criticalUs / endpoint[1];
  }
}
