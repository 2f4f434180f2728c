package io.tracelake.jobs.run;

import io.tracelake.model.LogEvent;
import io.tracelake.model.Span;
import io.tracelake.model.TraceSummary;
import io.tracelake.model.trace.AssembledTrace;
import io.tracelake.model.trace.SpanMarkers;
import io.tracelake.model.trace.TraceAssembler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/** Spark function: the span events of one trace to one row holding the trace summary and its spans. */
final class AssembleTrace implements FlatMapGroupsFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  /** The event columns the assembler reads; the rest of an event stays out of the shuffle. */
  static final Column[] INPUT_COLUMNS = {
      functions.col("trace_id"), functions.col("span_id"), functions.col("parent_span_id"),
      functions.col("service"), functions.col("instance"), functions.col("level"),
      functions.unix_micros(functions.col("ts")).as("ts_us"),
      functions.col("attributes").getItem(SpanMarkers.SPAN_EVENT).as("span_event"),
      functions.col("attributes").getItem(SpanMarkers.SPAN_NAME).as("span_name"),
      functions.col("attributes").getItem(SpanMarkers.SPAN_KIND).as("span_kind"),
      functions.col("attributes").getItem(SpanMarkers.PEER_SERVICE).as("peer_service"),
      functions.col("attributes").getItem(SpanMarkers.STATUS_CODE).as("status_code"),
      functions.col("http_status"), functions.col("exception_type")};

  static final StructType SPAN = new StructType()
      .add("span_id", DataTypes.StringType, false)
      .add("parent_span_id", DataTypes.StringType, true)
      .add("service", DataTypes.StringType, true)
      .add("instance", DataTypes.StringType, true)
      .add("name", DataTypes.StringType, true)
      .add("kind", DataTypes.StringType, false)
      .add("start_us", DataTypes.LongType, false)
      .add("end_us", DataTypes.LongType, false)
      .add("status", DataTypes.StringType, false)
      .add("event_count", DataTypes.IntegerType, false)
      .add("peer_service", DataTypes.StringType, true)
      .add("http_status", DataTypes.IntegerType, true)
      .add("exception_type", DataTypes.StringType, true);

  static final StructType OUTPUT = new StructType()
      .add("trace_id", DataTypes.StringType, false)
      .add("root_span_id", DataTypes.StringType, true)
      .add("root_service", DataTypes.StringType, true)
      .add("root_operation", DataTypes.StringType, true)
      .add("start_us", DataTypes.LongType, false)
      .add("end_us", DataTypes.LongType, false)
      .add("span_count", DataTypes.IntegerType, false)
      .add("service_count", DataTypes.IntegerType, false)
      .add("error", DataTypes.BooleanType, false)
      .add("spans", DataTypes.createArrayType(SPAN, false), false);

  @Override
  public Iterator<Row> call(String traceId, Iterator<Row> rows) {
    List<LogEvent> events = new ArrayList<>();
    while (rows.hasNext()) {
      events.add(toEvent(rows.next()));
    }
    AssembledTrace trace = TraceAssembler.assemble(events);
    if (trace == null) {
      return Collections.emptyIterator();
    }
    List<Row> spans = new ArrayList<>(trace.spans().size());
    for (Span s : trace.spans()) {
      spans.add(RowFactory.create(s.spanId(), s.parentSpanId(), s.service(), s.instance(), s.name(),
          s.kind().name(), s.startUs(), s.endUs(), s.status(), s.eventCount(), s.peerService(), s.httpStatus(),
          s.exceptionType()));
    }
    TraceSummary t = trace.summary();
    return List.of(RowFactory.create(t.traceId(), t.rootSpanId(), t.rootService(), t.rootOperation(), t.startUs(),
        t.endUs(), t.spanCount(), t.serviceCount(), t.error(), JavaConverters.asScalaBuffer(spans))).iterator();
  }

  private static LogEvent toEvent(Row row) {
    Map<String, String> markers = new HashMap<>(4);
    putIfPresent(markers, SpanMarkers.SPAN_EVENT, row.getString(7));
    putIfPresent(markers, SpanMarkers.SPAN_NAME, row.getString(8));
    putIfPresent(markers, SpanMarkers.SPAN_KIND, row.getString(9));
    putIfPresent(markers, SpanMarkers.PEER_SERVICE, row.getString(10));
    putIfPresent(markers, SpanMarkers.STATUS_CODE, row.getString(11));
    return LogEvent.builder(row.getLong(6)).level(row.getString(5)).service(row.getString(3))
        .instance(row.getString(4)).traceId(row.getString(0)).spanId(row.getString(1))
        .parentSpanId(row.getString(2)).httpStatus(row.isNullAt(12) ? null : row.getInt(12))
        .exceptionType(row.getString(13)).attributes(markers).build();
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
