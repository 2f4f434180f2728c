package io.tracelake.jobs.export;

import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Finds one trace's spans and events by reading the Parquet files with parquet-java, without a Spark
 * session: starting Spark costs more than the lookup itself. Each file is opened with the filter
 * {@code trace_id = id}, so parquet-java skips every row group whose statistics, dictionary or bloom
 * filter rule the id out, reads only the columns needed, and returns only the matching rows.
 */
public final class ParquetTraceReader {

  private static final List<String> SPAN_COLUMNS = List.of("trace_id", "span_id", "parent_span_id", "service",
      "instance", "name", "kind", "start_time", "end_time", "status", "http_status", "exception_type", "peer_service",
      "timing_source", "parent_source", "parent_confidence", "clock_skew_us", "inferred");
  private static final List<String> EVENT_COLUMNS = List.of("trace_id", "ts", "level", "service", "instance", "message", "span_id",
      "exception_type", "exception_message", "source_file", "line_number");

  private final Configuration hadoop;
  private final String warehouse;
  private final LocalDate from;
  private final LocalDate to;

  /**
   * @param from first day searched, or null with {@code to} null for every day in the warehouse
   * @param to last day searched
   */
  public ParquetTraceReader(Configuration hadoop, String warehouse, LocalDate from, LocalDate to) {
    this.hadoop = hadoop;
    this.warehouse = warehouse;
    this.from = from;
    this.to = to;
  }

  /** The trace's spans, ordered by start. */
  public List<TraceSpan> spans(String traceId) {
    List<TraceSpan> spans = new ArrayList<>();
    for (LocalDate day : days(Tables.SPANS)) {
      for (Group g : read(Tables.SPANS, day, traceId, SPAN_COLUMNS)) {
        spans.add(new TraceSpan(string(g, "trace_id"), string(g, "span_id"), string(g, "parent_span_id"),
            string(g, "service"), string(g, "instance"), string(g, "name"), string(g, "kind"), g.getLong("start_time", 0),
            g.getLong("end_time", 0), string(g, "status"), has(g, "http_status") ? g.getInteger("http_status", 0) : null,
            string(g, "exception_type"), string(g, "peer_service"), string(g, "timing_source"),
            string(g, "parent_source"), has(g, "parent_confidence") ? g.getDouble("parent_confidence", 0) : null,
            has(g, "clock_skew_us") ? g.getLong("clock_skew_us", 0) : 0,
            has(g, "inferred") && g.getBoolean("inferred", 0), day));
      }
    }
    spans.sort(Comparator.comparingLong(TraceSpan::startUs).thenComparing(TraceSpan::spanId));
    return spans;
  }

  /** The trace's events in the order they were logged (time, then file and line), from the given days only (null: all). */
  public List<TraceLog> logs(String traceId, Set<LocalDate> onlyDays) {
    List<TraceLog> logs = new ArrayList<>();
    for (LocalDate day : days(Tables.EVENTS)) {
      if (onlyDays != null && !onlyDays.contains(day)) {
        continue;
      }
      for (Group g : read(Tables.EVENTS, day, traceId, EVENT_COLUMNS)) {
        logs.add(new TraceLog(g.getLong("ts", 0), string(g, "level"), string(g, "service"), string(g, "instance"),
            string(g, "message"), string(g, "span_id"), string(g, "exception_type"), string(g, "exception_message"),
            string(g, "source_file"), g.getLong("line_number", 0)));
      }
    }
    logs.sort(Comparator.comparingLong(TraceLog::tsUs).thenComparing(TraceLog::sourceFile)
        .thenComparingLong(TraceLog::lineNumber));
    return logs;
  }

  /** The days of a table in the range that exist in the warehouse, oldest first. */
  public List<LocalDate> days(Table table) {
    return WarehouseDays.of(hadoop, warehouse, table, from, to);
  }

  private List<Group> read(Table table, LocalDate day, String traceId, List<String> columns) {
    Path dir = new Path(warehouse, table.name() + "/" + Table.PARTITION_COLUMN + "=" + day);
    List<Group> rows = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      for (FileStatus file : fs.listStatus(dir, p -> p.getName().endsWith(".parquet"))) {
        MessageType fileSchema;
        try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromStatus(file, hadoop))) {
          fileSchema = footer.getFooter().getFileMetaData().getSchema();
        }
        // only the columns this file has: days written by an older schema version lack the newer ones
        List<Type> projected = fileSchema.getFields().stream().filter(f -> columns.contains(f.getName())).toList();
        Configuration conf = new Configuration(hadoop);
        conf.set(ReadSupport.PARQUET_READ_SCHEMA, new MessageType(fileSchema.getName(), projected).toString());
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file.getPath()).withConf(conf)
            .withFilter(FilterCompat.get(FilterApi.eq(FilterApi.binaryColumn("trace_id"), Binary.fromString(traceId))))
            .build()) {
          for (Group row = reader.read(); row != null; row = reader.read()) {
            rows.add(row);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private static boolean has(Group g, String field) {
    return g.getType().containsField(field) && g.getFieldRepetitionCount(field) > 0;
  }

  private static String string(Group g, String field) {
    return has(g, field) ? g.getString(field, 0) : null;
  }

}
