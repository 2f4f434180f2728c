package io.tracelake.jobs.aggregate;

import io.tracelake.model.aggregate.LatencySketch;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Row;

/**
 * Spark function: the daily summary rows of one group (an operation, an edge) over a period to one
 * summary row: counts added, sketches merged, percentiles read off the merged sketch. Input and output
 * rows have the daily tables' shape: the key columns, then the latency columns.
 */
final class MergeLatencies implements MapGroupsFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final int keyColumns;

  MergeLatencies(int keyColumns) {
    this.keyColumns = keyColumns;
  }

  @Override
  public Row call(String key, Iterator<Row> days) {
    LatencySketch sketch = new LatencySketch();
    Row first = null;
    long calls = 0;
    long errors = 0;
    long max = 0;
    while (days.hasNext()) {
      Row day = days.next();
      first = first == null ? day : first;
      calls += day.getLong(keyColumns);
      errors += day.getLong(keyColumns + 1);
      max = Math.max(max, day.getLong(keyColumns + 7));
      sketch.merge(LatencySketch.fromBytes((byte[]) day.get(keyColumns + 8)));
    }
    return LatencyRow.of(first, keyColumns, calls, errors, max, sketch);
  }
}
