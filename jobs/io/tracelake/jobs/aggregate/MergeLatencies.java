package io.tracelake.jobs.aggregate;

import io.tracelake.model.aggregate.LatencySketch;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

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
    Object[] values = new Object[keyColumns + 9];
    for (int i = 0; i < keyColumns; i++) {
      values[i] = first.get(i);
    }
    values[keyColumns] = calls;
    values[keyColumns + 1] = errors;
    values[keyColumns + 2] = calls == 0 ? 0.0 : (double) errors / calls;
    values[keyColumns + 3] = Math.round(sketch.quantile(0.50));
    values[keyColumns + 4] = Math.round(sketch.quantile(0.90));
    values[keyColumns + 5] = Math.round(sketch.quantile(0.95));
    values[keyColumns + 6] = Math.round(sketch.quantile(0.99));
    values[keyColumns + 7] = max;
    values[keyColumns + 8] = sketch.toBytes();
    return RowFactory.create(values);
  }
}
