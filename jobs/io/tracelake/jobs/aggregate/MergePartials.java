package io.tracelake.jobs.aggregate;

import io.tracelake.model.aggregate.LatencySketch;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.JavaConverters;

/**
 * Spark function: the partial rows of one group of a daily table (from {@link DailyPartials}, one per
 * partition that saw the group) to the table's row: counts added, sketches merged and percentiles read off
 * the merged sketch, error samples narrowed to the smallest trace ids.
 */
final class MergePartials implements MapGroupsFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String table;

  MergePartials(Table table) {
    this.table = table.name();
  }

  /** The key of a partial row within its table, for grouping. */
  static String key(Row partial) {
    return partial.getString(1) + '\u0000' + partial.getString(2) + '\u0000' + partial.getString(3) + '\u0000'
        + (partial.isNullAt(4) ? "" : Long.toString(partial.getLong(4)));
  }

  @Override
  public Row call(String key, Iterator<Row> partials) {
    Row first = null;
    long calls = 0;
    long errors = 0;
    long max = 0;
    LatencySketch sketch = new LatencySketch();
    DailyPartials.Failures failures = new DailyPartials.Failures();
    while (partials.hasNext()) {
      Row partial = partials.next();
      first = first == null ? partial : first;
      calls += partial.getLong(5);
      errors += partial.getLong(6);
      max = Math.max(max, partial.getLong(7));
      if (!partial.isNullAt(8)) {
        sketch.merge(LatencySketch.fromBytes((byte[]) partial.get(8)));
      }
      if (!partial.isNullAt(9)) {
        failures.sample(partial.getList(9));
      }
    }
    String k1 = first.getString(1);
    String k2 = first.getString(2);
    String k3 = first.getString(3);
    if (table.equals(Tables.ERRORS_DAILY.name())) {
      return RowFactory.create(k1, k2, k3, calls, JavaConverters.asScalaBuffer(new ArrayList<>(failures.samples)));
    }
    if (table.equals(Tables.SERVICE_HOURLY.name())) {
      Timestamp hour = Timestamp.from(java.time.Instant.EPOCH.plus(first.getLong(4), java.time.temporal.ChronoUnit.MICROS));
      return LatencyRow.of(RowFactory.create(k1, hour), 2, calls, errors, max, sketch);
    }
    if (table.equals(Tables.DEPENDENCIES_DAILY.name())) {
      return LatencyRow.of(RowFactory.create(k1, k2), 2, calls, errors, max, sketch);
    }
    return LatencyRow.of(RowFactory.create(k1, k2, k3), 3, calls, errors, max, sketch);
  }
}
