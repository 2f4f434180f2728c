package io.tracelake.jobs.aggregate;

import io.tracelake.model.Span;
import io.tracelake.model.aggregate.DependencyCall;
import io.tracelake.model.aggregate.DependencyLinker;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Spark function: the spans of one trace to its dependency calls (parent, child, duration_us, error). */
final class LinkTrace implements FlatMapGroupsFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  @Override
  public Iterator<Row> call(String traceId, Iterator<Row> rows) {
    List<Span> spans = new ArrayList<>();
    rows.forEachRemaining(row -> spans.add(SpanRows.toSpan(row)));
    List<Row> calls = new ArrayList<>();
    for (DependencyCall call : DependencyLinker.calls(spans)) {
      calls.add(RowFactory.create(call.parent(), call.child(), call.durationUs(), call.error()));
    }
    return calls.iterator();
  }
}
