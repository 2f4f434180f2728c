package io.tracelake.jobs.aggregate;

import java.util.Iterator;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.JavaConverters;

/**
 * Spark function: the failures of one (service, operation, error class) to their count and a few
 * example traces - the smallest trace ids, so that a re-run picks the same ones.
 */
final class SampleErrors implements MapGroupsFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  static final int SAMPLES = 5;

  @Override
  public Row call(String key, Iterator<Row> failures) {
    Row first = null;
    long count = 0;
    TreeSet<String> samples = new TreeSet<>();
    while (failures.hasNext()) {
      Row failure = failures.next();
      first = first == null ? failure : first;
      count++;
      samples.add(failure.getString(3));
      if (samples.size() > SAMPLES) {
        samples.pollLast();
      }
    }
    return RowFactory.create(first.getString(0), first.getString(1), first.getString(2), count,
        JavaConverters.asScalaBuffer(new java.util.ArrayList<>(samples)));
  }
}
