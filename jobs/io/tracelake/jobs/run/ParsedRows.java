package io.tracelake.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_micros;

import io.tracelake.model.schema.Column;
import io.tracelake.model.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The row shapes the parse stage emits: the events and rejects tables, except that an event's time is
 * epoch microseconds ({@code ts_us}), turned into a timestamp by {@link #EVENTS_TO_TABLE}.
 */
final class ParsedRows {

  static final StructType EVENTS = eventsWithEpochTime();
  static final StructType REJECTS = io.tracelake.jobs.warehouse.TableSchemas.spark(Tables.REJECTS);

  /** The projection from {@link #EVENTS} rows to the events table. */
  static final org.apache.spark.sql.Column[] EVENTS_TO_TABLE = eventsToTable();

  private ParsedRows() {}

  private static StructType eventsWithEpochTime() {
    List<StructField> fields = new ArrayList<>();
    for (Column column : Tables.EVENTS.columns()) {
      fields.add(column.name().equals("ts") ? DataTypes.createStructField("ts_us", DataTypes.LongType, false)
          : io.tracelake.jobs.warehouse.TableSchemas.sparkField(column));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  private static org.apache.spark.sql.Column[] eventsToTable() {
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    for (Column column : Tables.EVENTS.columns()) {
      columns.add(column.name().equals("ts") ? timestamp_micros(col("ts_us")).as("ts") : col(column.name()));
    }
    return columns.toArray(org.apache.spark.sql.Column[]::new);
  }
}
