package io.tracelake.jobs.aggregate;

import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.aggregate.DependencyCall;
import io.tracelake.model.aggregate.DependencyLinker;
import io.tracelake.model.aggregate.ErrorClass;
import io.tracelake.model.aggregate.LatencySketch;
import io.tracelake.model.aggregate.OperationNormalizer;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * Spark function: one pass over a partition of spans to the partial aggregates of every daily table, one
 * row per table and key: counts, the exact maximum, a latency sketch, and for errors the smallest trace
 * ids. {@link MergePartials} then merges the few rows each partition makes, so only those are shuffled,
 * not the spans.
 *
 * <p>The dependency edges need a trace's spans together. Every spans file tracelake writes holds each trace
 * in one run of rows (the spans are written per rebuilt trace), so a partition read one file per task
 * ({@link io.tracelake.jobs.run.FileOrderedRead}) is linked run by run, one trace held at a time.
 */
final class DailyPartials implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  static final StructType PARTIAL = new StructType()
      .add("table", DataTypes.StringType, false)
      .add("k1", DataTypes.StringType, true)
      .add("k2", DataTypes.StringType, true)
      .add("k3", DataTypes.StringType, true)
      .add("hour_us", DataTypes.LongType, true)
      .add("calls", DataTypes.LongType, false)
      .add("errors", DataTypes.LongType, false)
      .add("max_us", DataTypes.LongType, false)
      .add("sketch", DataTypes.BinaryType, true)
      .add("samples", DataTypes.createArrayType(DataTypes.StringType, false), true);

  static final int SAMPLES = 5;
  private static final long HOUR_US = 3_600_000_000L;

  private final OperationNormalizer operations;

  DailyPartials(OperationNormalizer operations) {
    this.operations = operations;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Map<Key, Latencies> latencies = new HashMap<>();
    Map<Key, Failures> failures = new HashMap<>();
    List<Span> trace = new ArrayList<>();
    while (rows.hasNext()) {
      Span span = SpanRows.toSpan(rows.next());
      if (!trace.isEmpty() && !trace.get(0).traceId().equals(span.traceId())) {
        link(trace, latencies);
        trace.clear();
      }
      trace.add(span);
      if (span.service() == null) {
        continue;
      }
      String operation = operations.normalize(span.name() == null ? "" : span.name());
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
    if (!trace.isEmpty()) {
      link(trace, latencies);
    }
    List<Row> partials = new ArrayList<>(latencies.size() + failures.size());
    latencies.forEach((key, acc) -> partials.add(RowFactory.create(key.table().name(), key.k1(), key.k2(), key.k3(),
        key.hourUs(), acc.calls, acc.errors, acc.maxUs, acc.sketch.toBytes(), null)));
    failures.forEach((key, acc) -> partials.add(RowFactory.create(key.table().name(), key.k1(), key.k2(), key.k3(),
        null, acc.count, acc.count, 0L, null, JavaConverters.asScalaBuffer(new ArrayList<>(acc.samples)))));
    return partials.iterator();
  }

  private static void link(List<Span> trace, Map<Key, Latencies> latencies) {
    for (DependencyCall call : DependencyLinker.calls(trace)) {
      latencies.computeIfAbsent(new Key(Tables.DEPENDENCIES_DAILY, call.parent(), call.child(), null, null),
          k -> new Latencies()).add(call.durationUs(), call.error());
    }
  }

  /** A group of one daily table: its key columns (unused ones null). */
  record Key(Table table, String k1, String k2, String k3, Long hourUs) {
    Key {
      Objects.requireNonNull(table);
    }
  }

  private static final class Latencies {
    final LatencySketch sketch = new LatencySketch();
    long calls;
    long errors;
    long maxUs;

    void add(long durationUs, boolean error) {
      sketch.add(durationUs);
      calls++;
      errors += error ? 1 : 0;
      maxUs = Math.max(maxUs, durationUs); // the sketch's max is within 1%; the table promises the exact one
    }
  }

  /** The count of a failure group and its smallest trace ids, so that a re-run picks the same examples. */
  static final class Failures {
    long count;
    final TreeSet<String> samples = new TreeSet<>();

    void add(String traceId) {
      count++;
      sample(Collections.singleton(traceId));
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
