package io.tracelake.jobs.warehouse;

import io.tracelake.model.Coded;
import io.tracelake.model.KindSource;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParentSource;
import io.tracelake.model.RejectedLine;
import io.tracelake.model.Span;
import io.tracelake.model.TimingSource;
import io.tracelake.model.TraceSummary;
import io.tracelake.model.schema.Tables;

/**
 * The row codecs of the nightly tables: which field of which model object each column is. The only place a
 * nightly table's columns are bound to Java; everything else reads and writes rows through these.
 */
public final class TableCodecs {

  private TableCodecs() {}

  /** An event as the events table holds it: the parsed entry and where it was read. */
  public record EventEntry(LogEvent event, String source, String sourceFile, long lineNumber, int lineCount) {}

  /** A reject as the rejects table holds it: the rejected entry and where it was read. */
  public record RejectEntry(RejectedLine reject, String source, String sourceFile, long lineNumber, int lineCount) {}

  /** A rebuilt span as the spans table holds it: the span and its place in its trace's tree. */
  public record PlacedSpan(Span span, io.tracelake.model.trace.SpanTree.Position position) {

    /** Every span of one trace with its place, in the order given. */
    public static java.util.List<PlacedSpan> of(java.util.List<Span> trace) {
      java.util.Map<String, io.tracelake.model.trace.SpanTree.Position> positions =
          io.tracelake.model.trace.SpanTree.positions(trace);
      return trace.stream().map(span -> new PlacedSpan(span, positions.get(span.spanId()))).toList();
    }
  }

  /** A rebuilt trace as the traces table holds it: its summary and its events (margins and duplicates included). */
  public record TraceEntry(TraceSummary summary, long eventCount) {}

  public static final RowCodec<EventEntry> EVENTS = RowCodec.of(Tables.EVENTS, EventEntry.class)
      .timestamp("ts", e -> e.event().timestampUs())
      .string("level", e -> e.event().level())
      .string("service", e -> e.event().service())
      .string("instance", e -> e.event().instance())
      .string("logger", e -> e.event().logger())
      .string("thread", e -> e.event().thread())
      .string("message", e -> e.event().message())
      .string("trace_id", e -> e.event().traceId())
      .string("span_id", e -> e.event().spanId())
      .string("parent_span_id", e -> e.event().parentSpanId())
      .map("attributes", e -> e.event().attributes())
      .string("source", EventEntry::source)
      .string("source_file", EventEntry::sourceFile)
      .int64("line_number", EventEntry::lineNumber)
      .int32("line_count", EventEntry::lineCount)
      .string("request_id", e -> e.event().requestId())
      .string("exception_type", e -> e.event().exceptionType())
      .string("exception_message", e -> e.event().exceptionMessage())
      .string("http_method", e -> e.event().httpMethod())
      .string("http_path", e -> e.event().httpPath())
      .int32("http_status", e -> e.event().httpStatus())
      .int64("duration_us", e -> e.event().durationUs())
      .string("stream", e -> e.event().stream())
      .string("time_source", e -> e.event().timeSource().code())
      .build();

  public static final RowCodec<RejectEntry> REJECTS = RowCodec.of(Tables.REJECTS, RejectEntry.class)
      .string("reason", r -> r.reject().reason().code())
      .string("detail", r -> r.reject().detail())
      .string("raw", r -> r.reject().raw())
      .int32("raw_bytes", r -> r.reject().rawBytes())
      .string("source", RejectEntry::source)
      .string("source_file", RejectEntry::sourceFile)
      .int64("line_number", RejectEntry::lineNumber)
      .int32("line_count", RejectEntry::lineCount)
      .build();

  public static final RowCodec<PlacedSpan> SPANS = RowCodec.of(Tables.SPANS, PlacedSpan.class)
      .string("trace_id", p -> p.span().traceId())
      .string("span_id", p -> p.span().spanId())
      .string("parent_span_id", p -> p.span().parentSpanId())
      .string("service", p -> p.span().service())
      .string("instance", p -> p.span().instance())
      .string("name", p -> p.span().name())
      .enumName("kind", p -> p.span().kind())
      .timestamp("start_time", p -> p.span().startUs())
      .timestamp("end_time", p -> p.span().endUs())
      .int64("duration_us", p -> p.span().durationUs())
      .enumName("status", p -> p.span().status())
      .int32("event_count", p -> p.span().eventCount())
      .string("peer_service", p -> p.span().peerService())
      .int32("http_status", p -> p.span().httpStatus())
      .string("exception_type", p -> p.span().exceptionType())
      .string("timing_source", p -> p.span().timingSource().code())
      .string("parent_source", p -> p.span().parentSource().code())
      .float64("parent_confidence", p -> p.span().parentConfidence())
      .int64("clock_skew_us", p -> p.span().clockSkewUs())
      .bool("inferred", p -> p.span().inferred())
      .string("kind_source", p -> p.span().kindSource().code())
      .int32("depth", p -> p.position().depth())
      .string("root_span_id", p -> p.position().rootSpanId())
      .int32("nested_left", p -> p.position().nestedLeft())
      .int32("nested_right", p -> p.position().nestedRight())
      .build();

  public static final RowCodec<TraceEntry> TRACES = RowCodec.of(Tables.TRACES, TraceEntry.class)
      .string("trace_id", t -> t.summary().traceId())
      .string("root_span_id", t -> t.summary().rootSpanId())
      .string("root_service", t -> t.summary().rootService())
      .string("root_operation", t -> t.summary().rootOperation())
      .timestamp("start_time", t -> t.summary().startUs())
      .timestamp("end_time", t -> t.summary().endUs())
      .int64("duration_us", t -> t.summary().durationUs())
      .int32("span_count", t -> t.summary().spanCount())
      .int32("service_count", t -> t.summary().serviceCount())
      .bool("error", t -> t.summary().error())
      .string("root_source", t -> t.summary().rootSource().code())
      .int32("root_count", t -> t.summary().rootCount())
      .int32("orphan_spans", t -> t.summary().orphanSpans())
      .bool("skew_adjusted", t -> t.summary().skewAdjusted())
      .int32("duplicate_events", t -> t.summary().duplicateEvents())
      .bool("truncated", t -> t.summary().truncated())
      .int64("event_count", TraceEntry::eventCount)
      .pathSteps("critical_path", t -> t.summary().criticalPath())
      .build();

  /** An event read back from a row of the events table. */
  public static EventEntry event(RowView row) {
    LogEvent event = LogEvent.builder(row.timestampUs("ts")).level(row.string("level")).service(row.string("service"))
        .instance(row.string("instance")).logger(row.string("logger")).thread(row.string("thread"))
        .message(row.string("message")).traceId(row.string("trace_id")).spanId(row.string("span_id"))
        .parentSpanId(row.string("parent_span_id")).attributes(row.map("attributes"))
        .requestId(row.string("request_id")).exceptionType(row.string("exception_type"))
        .exceptionMessage(row.string("exception_message")).httpMethod(row.string("http_method"))
        .httpPath(row.string("http_path")).httpStatus(row.intOrNull("http_status"))
        .durationUs(row.longOrNull("duration_us")).stream(row.string("stream"))
        .timeSource(io.tracelake.model.TimeSource.ENVELOPE.code().equals(row.string("time_source"))
            ? io.tracelake.model.TimeSource.ENVELOPE : io.tracelake.model.TimeSource.LINE)
        .build();
    return new EventEntry(event, row.string("source"), row.string("source_file"), row.longValue("line_number"),
        row.intValue("line_count"));
  }

  /** A span read back from a row of the spans table. */
  public static Span span(RowView row) {
    return new Span(row.string("trace_id"), row.string("span_id"), row.string("parent_span_id"),
        row.string("service"), row.string("instance"), row.string("name"),
        io.tracelake.model.SpanKind.parseOrInternal(row.string("kind")), row.timestampUs("start_time"),
        row.timestampUs("end_time"), "ERROR".equals(row.string("status")), row.intValue("event_count"),
        row.string("peer_service"), row.intOrNull("http_status"), row.string("exception_type"),
        Coded.fromCode(TimingSource.class, row.string("timing_source")),
        Coded.fromCode(ParentSource.class, row.string("parent_source")),
        row.doubleValue("parent_confidence"), row.longValue("clock_skew_us"), row.bool("inferred"),
        Coded.fromCode(KindSource.class, row.string("kind_source")));
  }
}
