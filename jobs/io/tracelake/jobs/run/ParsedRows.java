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
      .add("line_number", DataTypes.LongType, false);

  private ParsedRows() {}
}
