package io.tracelake.jobs.aggregate;

import io.tracelake.model.aggregate.LatencySketch;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Row;

/**
 * Spark function: the calls of one group (a service operation, an hour, an edge) to its summary row -
 * the group's key columns, then calls, errors, error rate, percentiles and the serialised sketch.
 * Input rows are the key columns followed by {@code duration_us} and {@code error}.
 */
final class SummarizeLatencies implements MapGroupsFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final int keyColumns;

  SummarizeLatencies(int keyColumns) {
    this.keyColumns = keyColumns;
  }

  @Override
  public Row call(String key, Iterator<Row> calls) {
    LatencySketch sketch = new LatencySketch();
    Row first = null;
    long errors = 0;
    long max = 0;
    while (calls.hasNext()) {
      Row call = calls.next();
      first = first == null ? call : first;
      long duration = call.getLong(keyColumns);
      sketch.add(duration);
      max = Math.max(max, duration); // the sketch's max is within 1%; the table promises the exact one
      errors += call.getBoolean(keyColumns + 1) ? 1 : 0;
    }
    return LatencyRow.of(first, keyColumns, sketch.count(), errors, max, sketch);
  }
}
