package io.tracelake.jobs.run;

import static io.tracelake.jobs.run.CatalystValues.string;
import static io.tracelake.jobs.run.CatalystValues.utf8;

import io.tracelake.jobs.config.ReconstructionConfig;
import io.tracelake.model.LogEvent;
import io.tracelake.model.Span;
import io.tracelake.model.TraceSummary;
import io.tracelake.model.trace.AssembledTrace;
import io.tracelake.model.trace.SourcePosition;
import io.tracelake.model.trace.SpanMarkers;
import io.tracelake.model.trace.TraceReconstructor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Spark function over a partition of events where each trace's rows are one run sorted by time (a shuffle
 * sorted by trace id, or an events file read front to back): each trace's run of rows becomes
 * one row holding the trace summary and its spans, rebuilt by {@link TraceReconstructor}. Rows stream
 * through: only one trace is held at a time, and of a giant trace only the first
 * {@code max_events_per_trace} events (in time); the rest are counted and the trace flagged truncated.
 * Rows are Spark's internal form both ways ({@link CatalystValues}): no conversion per value.
 */
final class AssembleTrace implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;

  private static final String CONTEXT_SOURCE = "trace_context_source";
  /** Access logs' request authority (Host): names the callee on a client-side line. */
  private static final String AUTHORITY = "authority";

  /** The event columns the reconstruction reads; the rest of an event stays out of the shuffle. */
  static final Column[] INPUT_COLUMNS = {
      functions.col("trace_id"), functions.col("span_id"), functions.col("parent_span_id"),
      functions.col("service"), functions.col("instance"), functions.col("level"),
      functions.unix_micros(functions.col("ts")).as("ts_us"),
      functions.col("attributes").getItem(SpanMarkers.SPAN_EVENT).as("span_event"),
      functions.col("attributes").getItem(SpanMarkers.SPAN_NAME).as("span_name"),
      functions.col("attributes").getItem(SpanMarkers.SPAN_KIND).as("span_kind"),
      functions.col("attributes").getItem(SpanMarkers.PEER_SERVICE).as("peer_service"),
      functions.col("attributes").getItem(SpanMarkers.STATUS_CODE).as("status_code"),
      functions.col("http_status"), functions.col("exception_type"),
      functions.col("logger"), functions.col("thread"), functions.col("message"),
      functions.col("http_method"), functions.col("http_path"), functions.col("duration_us"),
      functions.col("attributes").getItem(CONTEXT_SOURCE).as("context_source"),
      functions.col("source_file"), functions.col("line_number"),
      functions.col("attributes").getItem(AUTHORITY).as("authority")};
  /** Sort order within a partition: a trace's events together, in time, ties in the order they were logged. */
  static final String[] SORT = {"trace_id", "ts_us", "source_file", "line_number"};

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
      .add("exception_type", DataTypes.StringType, true)
      .add("timing_source", DataTypes.StringType, false)
      .add("parent_source", DataTypes.StringType, false)
      .add("parent_confidence", DataTypes.DoubleType, false)
      .add("clock_skew_us", DataTypes.LongType, false)
      .add("inferred", DataTypes.BooleanType, false)
      .add("kind_source", DataTypes.StringType, false);

  static final StructType PATH_STEP = new StructType()
      .add("span_id", DataTypes.StringType, false)
      .add("self_us", DataTypes.LongType, false);

  static final StructType OUTPUT = new StructType()
      .add("trace_id", DataTypes.StringType, false)
      .add("root_span_id", DataTypes.StringType, true)
      .add("root_service", DataTypes.StringType, true)
      .add("root_operation", DataTypes.StringType, true)
      .add("root_start_us", DataTypes.LongType, false)
      .add("start_us", DataTypes.LongType, false)
      .add("end_us", DataTypes.LongType, false)
      .add("span_count", DataTypes.IntegerType, false)
      .add("service_count", DataTypes.IntegerType, false)
      .add("error", DataTypes.BooleanType, false)
      .add("root_source", DataTypes.StringType, false)
      .add("root_count", DataTypes.IntegerType, false)
      .add("orphan_spans", DataTypes.IntegerType, false)
      .add("skew_adjusted", DataTypes.BooleanType, false)
      .add("duplicate_events", DataTypes.IntegerType, false)
      .add("truncated", DataTypes.BooleanType, false)
      .add("event_count", DataTypes.LongType, false)
      .add("critical_path", DataTypes.createArrayType(PATH_STEP, false), false)
      .add("spans", DataTypes.createArrayType(SPAN, false), false);

  private final ReconstructionConfig config;
  /** Traces rebuilt elsewhere (those with events in a neighbour day's margin): their runs are passed over. */
  private final Broadcast<Set<String>> elsewhere;

  AssembleTrace(ReconstructionConfig config) {
    this(config, null);
  }

  AssembleTrace(ReconstructionConfig config, Broadcast<Set<String>> elsewhere) {
    this.config = config;
    this.elsewhere = elsewhere;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    TraceReconstructor reconstructor = new TraceReconstructor(config.options());
    int cap = config.maxEventsPerTrace();
    Set<String> skip = elsewhere == null ? Set.of() : elsewhere.value();
    // a row is valid only until the next one is asked for (Spark reuses it): each is read before moving on
    return new ReadAheadIterator<>() {
      private InternalRow pending = rows.hasNext() ? rows.next() : null;

      @Override
      protected boolean exhausted() {
        return pending == null;
      }

      /** Reads the run of rows of one trace; null when it makes no trace. */
      @Override
      protected InternalRow step() {
        UTF8String traceId = pending.getUTF8String(0).clone();
        boolean skipped = !skip.isEmpty() && skip.contains(traceId.toString());
        List<LogEvent> events = new ArrayList<>();
        long count = 0;
        while (pending != null && traceId.equals(pending.getUTF8String(0))) {
          if (count < cap && !skipped) {
            events.add(toEvent(pending));
          }
          count++;
          pending = rows.hasNext() ? rows.next() : null;
        }
        if (skipped) {
          return null;
        }
        AssembledTrace trace = reconstructor.reconstruct(events, count > cap);
        return trace == null ? null : toRow(trace, count);
      }
    };
  }

  private static InternalRow toRow(AssembledTrace trace, long eventCount) {
    Object[] spans = new Object[trace.spans().size()];
    long rootStart = Long.MIN_VALUE;
    TraceSummary t = trace.summary();
    int i = 0;
    for (Span s : trace.spans()) {
      spans[i++] = new GenericInternalRow(new Object[] {utf8(s.spanId()), utf8(s.parentSpanId()), utf8(s.service()),
          utf8(s.instance()), utf8(s.name()), utf8(s.kind().name()), s.startUs(), s.endUs(), utf8(s.status().name()),
          s.eventCount(), utf8(s.peerService()), s.httpStatus(), utf8(s.exceptionType()), utf8(s.timingSource().code()),
          utf8(s.parentSource().code()), s.parentConfidence(), s.clockSkewUs(), s.inferred(), utf8(s.kindSource().code())});
      if (rootStart == Long.MIN_VALUE && s.spanId().equals(t.rootSpanId())) {
        rootStart = s.startUs();
      }
    }
    Object[] path = new Object[t.criticalPath().size()];
    i = 0;
    for (TraceSummary.PathStep step : t.criticalPath()) {
      path[i++] = new GenericInternalRow(new Object[] {utf8(step.spanId()), step.selfUs()});
    }
    return new GenericInternalRow(new Object[] {utf8(t.traceId()), utf8(t.rootSpanId()), utf8(t.rootService()),
        utf8(t.rootOperation()), rootStart == Long.MIN_VALUE ? t.startUs() : rootStart, t.startUs(), t.endUs(),
        t.spanCount(), t.serviceCount(), t.error(), utf8(t.rootSource().code()), t.rootCount(), t.orphanSpans(),
        t.skewAdjusted(), t.duplicateEvents(), t.truncated(), eventCount, new GenericArrayData(path),
        new GenericArrayData(spans)});
  }

  private static LogEvent toEvent(InternalRow row) {
    Map<String, String> attributes = new HashMap<>(8);
    putIfPresent(attributes, SpanMarkers.SPAN_EVENT, string(row, 7));
    putIfPresent(attributes, SpanMarkers.SPAN_NAME, string(row, 8));
    putIfPresent(attributes, SpanMarkers.SPAN_KIND, string(row, 9));
    putIfPresent(attributes, SpanMarkers.PEER_SERVICE, string(row, 10));
    putIfPresent(attributes, SpanMarkers.STATUS_CODE, string(row, 11));
    putIfPresent(attributes, CONTEXT_SOURCE, string(row, 20));
    putIfPresent(attributes, AUTHORITY, string(row, 23));
    // where the line was read: what tells a line shipped twice from one logged twice
    putIfPresent(attributes, SourcePosition.FILE_ATTRIBUTE, string(row, 21));
    if (!row.isNullAt(22)) {
      attributes.put(SourcePosition.LINE_ATTRIBUTE, Long.toString(row.getLong(22)));
    }
    return LogEvent.builder(row.getLong(6)).level(string(row, 5)).service(string(row, 3))
        .instance(string(row, 4)).traceId(string(row, 0)).spanId(string(row, 1))
        .parentSpanId(string(row, 2)).httpStatus(row.isNullAt(12) ? null : row.getInt(12))
        .exceptionType(string(row, 13)).logger(string(row, 14)).thread(string(row, 15))
        .message(string(row, 16)).httpMethod(string(row, 17)).httpPath(string(row, 18))
        .durationUs(row.isNullAt(19) ? null : row.getLong(19)).attributes(attributes).build();
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
