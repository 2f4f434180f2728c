package io.tracelake.jobs.aggregate;

import io.tracelake.model.aggregate.LatencySketch;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** A row of a latency table: the group's key columns, then calls, errors, rate, percentiles, max and sketch. */
final class LatencyRow {

  private LatencyRow() {}

  /** @param keys a row whose first {@code keyColumns} values are the group's key */
  static Row of(Row keys, int keyColumns, long calls, long errors, long maxUs, LatencySketch sketch) {
    Object[] values = new Object[keyColumns + 9];
    for (int i = 0; i < keyColumns; i++) {
      values[i] = keys.get(i);
    }
    values[keyColumns] = calls;
    values[keyColumns + 1] = errors;
    values[keyColumns + 2] = calls == 0 ? 0.0 : (double) errors / calls;
    values[keyColumns + 3] = Math.round(sketch.quantile(0.50));
    values[keyColumns + 4] = Math.round(sketch.quantile(0.90));
    values[keyColumns + 5] = Math.round(sketch.quantile(0.95));
    values[keyColumns + 6] = Math.round(sketch.quantile(0.99));
    values[keyColumns + 7] = maxUs;
    values[keyColumns + 8] = sketch.toBytes();
    return RowFactory.create(values);
  }
}
