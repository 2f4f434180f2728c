package io.tracelake.jobs.export;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;

import io.tracelake.jobs.warehouse.WarehouseTables;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads whole traces out of the warehouse's spans and traces tables over a range of days (or every day
 * there is), with Spark: what {@code tracelake export} needs for many traces and filters. Lookups filter on {@code trace_id} so that Parquet's statistics and bloom filters
 * skip every row group that cannot hold the trace (see the Layout section of model/SCHEMA.md).
 */
public final class TraceStore {

  /** In-lists longer than this go through a semi join instead of a pushed-down filter. */
  private static final int MAX_PUSHED_IDS = 50;

  private final SparkSession spark;
  private final String warehouse;
  private final LocalDate from;
  private final LocalDate to;

  /**
   * @param from first day searched, or null with {@code to} null for every day in the warehouse
   * @param to last day searched
   */
  public TraceStore(SparkSession spark, String warehouse, LocalDate from, LocalDate to) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.from = from;
    this.to = to;
  }

  /** The spans of each of the traces, by trace id, each list ordered by start; traces not found are absent. */
  public Map<String, List<TraceSpan>> spans(Collection<String> traceIds) {
    Map<String, List<TraceSpan>> byTrace = new LinkedHashMap<>();
    Dataset<Row> spans = table(Tables.SPANS);
    if (spans == null || traceIds.isEmpty()) {
      return byTrace;
    }
    Set<String> columns = Set.of(spans.columns());
    Dataset<Row> rows = withTraceIds(spans, traceIds).select(
        col("trace_id"), col("span_id"), col("parent_span_id"), col("service"), col("instance"), col("name"),
        col("kind"), unix_micros(col("start_time")), unix_micros(col("end_time")), col("status"),
        optional(columns, "http_status", "int"), optional(columns, "exception_type", "string"),
        optional(columns, "peer_service", "string"), optional(columns, "timing_source", "string"),
        optional(columns, "parent_source", "string"), optional(columns, "parent_confidence", "double"),
        optional(columns, "clock_skew_us", "bigint"), optional(columns, "inferred", "boolean"),
        col(Table.PARTITION_COLUMN).cast("date"));
    List<TraceSpan> found = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      found.add(new TraceSpan(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
          r.getString(5), r.getString(6), r.getLong(7), r.getLong(8), r.getString(9),
          r.isNullAt(10) ? null : r.getInt(10), r.getString(11), r.getString(12), r.getString(13), r.getString(14),
          r.isNullAt(15) ? null : r.getDouble(15), r.isNullAt(16) ? 0 : r.getLong(16), !r.isNullAt(17) && r.getBoolean(17),
          r.getDate(18).toLocalDate()));
    }
    found.sort(Comparator.comparing(TraceSpan::traceId).thenComparingLong(TraceSpan::startUs)
        .thenComparing(TraceSpan::spanId));
    for (TraceSpan span : found) {
      byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
    }
    return byTrace;
  }

  /**
   * Ids of the traces that pass the filter, earliest first, at most {@code filter.limit()} of them.
   */
  public List<String> find(TraceFilter filter) {
    Dataset<Row> traces = table(Tables.TRACES);
    if (traces == null) {
      return List.of();
    }
    if (filter.errorsOnly()) {
      traces = traces.filter(col("error"));
    }
    if (filter.minDurationUs() != null) {
      traces = traces.filter(col("duration_us").geq(filter.minDurationUs()));
    }
    if (filter.start() != null) {
      traces = traces.filter(unix_micros(col("start_time")).geq(micros(filter.start())));
    }
    if (filter.end() != null) {
      traces = traces.filter(unix_micros(col("start_time")).lt(micros(filter.end())));
    }
    if (filter.service() != null) {
      Dataset<Row> spans = table(Tables.SPANS);
      if (spans == null) {
        return List.of();
      }
      Dataset<Row> ofService = spans.filter(col("service").equalTo(filter.service())).select("trace_id").distinct();
      traces = traces.join(ofService, traces.col("trace_id").equalTo(ofService.col("trace_id")), "left_semi");
    }
    Dataset<Row> ordered = traces.orderBy(col("start_time"), col("trace_id")).select("trace_id");
    if (filter.limit() != null) {
      ordered = ordered.limit(filter.limit());
    }
    return ordered.as(Encoders.STRING()).collectAsList();
  }

  /** The days of a table in the range that exist in the warehouse, oldest first. */
  public List<LocalDate> days(Table table) {
    return WarehouseDays.of(spark.sparkContext().hadoopConfiguration(), warehouse, table, from, to);
  }

  /** The table's partitions in the range, or null when there is none. */
  private Dataset<Row> table(Table table) {
    List<LocalDate> days = days(table);
    if (days.isEmpty()) {
      return null;
    }
    String root = new Path(warehouse, table.name()).toString();
    String[] paths = days.stream().map(d -> root + "/" + Table.PARTITION_COLUMN + "=" + d).toArray(String[]::new);
    // the documented schema rather than one inferred from the footers: no Spark job to read them, and days
    // written before a column was added read it as null
    return spark.read().schema(WarehouseTables.schema(table)).option("basePath", root).parquet(paths);
  }

  private Dataset<Row> withTraceIds(Dataset<Row> rows, Collection<String> traceIds) {
    if (traceIds.size() == 1) {
      return rows.filter(col("trace_id").equalTo(traceIds.iterator().next()));
    }
    if (traceIds.size() <= MAX_PUSHED_IDS) {
      return rows.filter(col("trace_id").isin(traceIds.toArray()));
    }
    Dataset<Row> ids = spark.createDataset(new ArrayList<>(traceIds), Encoders.STRING()).toDF("wanted_trace_id");
    return rows.join(org.apache.spark.sql.functions.broadcast(ids),
        rows.col("trace_id").equalTo(ids.col("wanted_trace_id")), "left_semi");
  }

  private static Column optional(Set<String> columns, String name, String type) {
    return columns.contains(name) ? col(name).cast(type) : lit(null).cast(type).as(name);
  }

  private static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

}
