package io.tracelake.jobs.warehouse;

import static org.apache.spark.sql.functions.unix_micros;

import io.tracelake.model.Span;
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
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads whole traces out of the warehouse's spans and traces tables over a range of days (or every day
 * there is), with Spark: what {@code tracelake export} needs for many traces and filters. Lookups filter on
 * {@code trace_id} so that Parquet's statistics and bloom filters skip every row group that cannot hold the
 * trace (see the Layout section of model/SCHEMA.md); the spans table's codec decodes the rows found.
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
  public Map<String, List<Span>> spans(Collection<String> traceIds) {
    Map<String, List<Span>> byTrace = new LinkedHashMap<>();
    Dataset<Row> spans = table(Tables.SPANS);
    if (spans == null || traceIds.isEmpty()) {
      return byTrace;
    }
    List<Span> found = new ArrayList<>();
    for (Row row : withTraceIds(spans, traceIds).collectAsList()) {
      found.add(TableCodecs.span(AbsentColumns.filled(RowView.of(Tables.SPANS, row))));
    }
    found.sort(Comparator.comparing(Span::traceId).thenComparingLong(Span::startUs).thenComparing(Span::spanId));
    for (Span span : found) {
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
      traces = traces.filter(col(Tables.TRACES, "error"));
    }
    if (filter.minDurationUs() != null) {
      traces = traces.filter(col(Tables.TRACES, "duration_us").geq(filter.minDurationUs()));
    }
    if (filter.start() != null) {
      traces = traces.filter(unix_micros(col(Tables.TRACES, "start_time")).geq(micros(filter.start())));
    }
    if (filter.end() != null) {
      traces = traces.filter(unix_micros(col(Tables.TRACES, "start_time")).lt(micros(filter.end())));
    }
    Column traceId = col(Tables.TRACES, "trace_id");
    if (filter.service() != null) {
      Dataset<Row> spans = table(Tables.SPANS);
      if (spans == null) {
        return List.of();
      }
      Dataset<Row> ofService = spans.filter(col(Tables.SPANS, "service").equalTo(filter.service()))
          .select(col(Tables.SPANS, "trace_id").as("service_trace_id")).distinct();
      traces = traces.join(ofService, traceId.equalTo(ofService.col("service_trace_id")), "left_semi");
    }
    Dataset<Row> ordered = traces.orderBy(col(Tables.TRACES, "start_time"), traceId).select(traceId);
    if (filter.limit() != null) {
      ordered = ordered.limit(filter.limit());
    }
    return ordered.as(Encoders.STRING()).collectAsList();
  }

  /** The days of a table in the range that exist in the warehouse, oldest first. */
  private List<LocalDate> days(Table table) {
    return WarehouseDays.of(spark.sparkContext().hadoopConfiguration(), warehouse, table, from, to);
  }

  /** The table's partitions in the range, or null when there is none. */
  private Dataset<Row> table(Table table) {
    List<LocalDate> days = days(table);
    if (days.isEmpty()) {
      return null;
    }
    String root = new Path(warehouse, table.name()).toString();
    // the files of the run each day's pointer names: a run still writing, or one that died, is not read
    String[] paths = days.stream().flatMap(d -> DayPointer.files(warehouse, table, d,
        spark.sparkContext().hadoopConfiguration()).stream()).map(Path::toString).toArray(String[]::new);
    if (paths.length == 0) {
      return null;
    }
    // the documented schema rather than one inferred from the footers: no Spark job to read them, and days
    // written before a column was added read it as null
    return spark.read().schema(TableSchemas.spark(table)).option("basePath", root).parquet(paths);
  }

  private Dataset<Row> withTraceIds(Dataset<Row> spans, Collection<String> traceIds) {
    Column traceId = col(Tables.SPANS, "trace_id");
    if (traceIds.size() == 1) {
      return spans.filter(traceId.equalTo(traceIds.iterator().next()));
    }
    if (traceIds.size() <= MAX_PUSHED_IDS) {
      return spans.filter(traceId.isin(traceIds.toArray()));
    }
    Dataset<Row> ids = spark.createDataset(new ArrayList<>(traceIds), Encoders.STRING()).toDF("wanted_trace_id");
    return spans.join(functions.broadcast(ids), traceId.equalTo(ids.col("wanted_trace_id")), "left_semi");
  }

  /** A column of the table, by a name checked against its definition: a misspelt name fails here, not in Spark. */
  private static Column col(Table table, String name) {
    return functions.col(table.column(name).name());
  }

  private static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

}
