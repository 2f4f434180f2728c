package io.tracelake.jobs.aggregate;

import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_micros;

import org.apache.spark.sql.Row;

/** Reads a row of the spans table back into a {@link Span}; times as {@code start_us}/{@code end_us} (see COLUMNS). */
final class SpanRows {

  private SpanRows() {}

  /** The spans table's columns with the times as epoch microseconds, as {@link #toSpan} reads them. */
  static final org.apache.spark.sql.Column[] COLUMNS = {
      col("trace_id"), col("span_id"), col("parent_span_id"), col("service"), col("instance"), col("name"),
      col("kind"), unix_micros(col("start_time")).as("start_us"), unix_micros(col("end_time")).as("end_us"),
      col("status"), col("event_count"), col("peer_service"), col("http_status"), col("exception_type")};

  static Span toSpan(Row row) {
    Integer status = row.getAs("http_status");
    return new Span(row.getAs("trace_id"), row.getAs("span_id"), row.getAs("parent_span_id"), row.getAs("service"),
        row.getAs("instance"), row.getAs("name"), SpanKind.parseOrInternal(row.getAs("kind")), row.<Long>getAs("start_us"),
        row.<Long>getAs("end_us"), "ERROR".equals(row.getAs("status")), row.<Integer>getAs("event_count"),
        row.getAs("peer_service"), status, row.getAs("exception_type"));
  }
}
