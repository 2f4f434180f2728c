package io.tracelake.jobs.run;

import io.tracelake.model.schema.Tables;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The one row shape the parse stage emits: every line is an event row or a reject row, and every file
 * ends with one file row that says how many lines it had and whether it was read to the end. One
 * pass over the input thus feeds both tables and the reconciliation of the run report.
 */
final class ParsedRows {

  static final String EVENT = "event";
  static final String REJECT = "reject";
  static final String FILE = "file";

  static final StructType SCHEMA = new StructType()
      .add("row_kind", DataTypes.StringType, false)
      .add("ts_us", DataTypes.LongType, true)
      .add(SparkSchemas.field(Tables.EVENTS.column("level")))
      .add(SparkSchemas.field(Tables.EVENTS.column("service")))
      .add(SparkSchemas.field(Tables.EVENTS.column("instance")))
      .add(SparkSchemas.field(Tables.EVENTS.column("logger")))
      .add(SparkSchemas.field(Tables.EVENTS.column("thread")))
      .add(SparkSchemas.field(Tables.EVENTS.column("message")))
      .add(SparkSchemas.field(Tables.EVENTS.column("trace_id")))
      .add(SparkSchemas.field(Tables.EVENTS.column("span_id")))
      .add(SparkSchemas.field(Tables.EVENTS.column("parent_span_id")))
      .add("attributes", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true)
      .add("reason", DataTypes.StringType, true)
      .add("detail", DataTypes.StringType, true)
      .add("raw", DataTypes.StringType, true)
      .add("raw_bytes", DataTypes.IntegerType, true)
      .add("source", DataTypes.StringType, false)
      .add("source_file", DataTypes.StringType, false)
      // for a file row: the number of lines the file had
      .add("line_number", DataTypes.LongType, false)
      .add("line_count", DataTypes.IntegerType, false)
      .add(SparkSchemas.field(Tables.EVENTS.column("request_id")))
      .add(SparkSchemas.field(Tables.EVENTS.column("exception_type")))
      .add(SparkSchemas.field(Tables.EVENTS.column("exception_message")))
      .add(SparkSchemas.field(Tables.EVENTS.column("http_method")))
      .add(SparkSchemas.field(Tables.EVENTS.column("http_path")))
      .add(SparkSchemas.field(Tables.EVENTS.column("http_status")))
      .add(SparkSchemas.field(Tables.EVENTS.column("duration_us")))
      .add(SparkSchemas.field(Tables.EVENTS.column("stream")));

  /** The event columns, in table order, as the parsed rows hold them (ts as epoch micros). */
  static final String[] EVENT_COLUMNS = {"level", "service", "instance", "logger", "thread", "message", "trace_id",
      "span_id", "parent_span_id", "attributes", "source", "source_file", "line_number", "line_count", "request_id",
      "exception_type", "exception_message", "http_method", "http_path", "http_status", "duration_us", "stream"};

  private ParsedRows() {}
}
