package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Column;
import io.tracelake.model.schema.Table;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The types of a table as Parquet and as Spark see them, derived from its one definition
 * ({@link io.tracelake.model.schema.Tables}). The Parquet types are those Spark itself writes for the Spark
 * types (timestamps as INT64 TIMESTAMP(MICROS, UTC), maps and lists in the three-level layout), so that files
 * written by either read back the same everywhere.
 */
public final class TableSchemas {

  /** The footer key under which Spark keeps a file's Spark schema; Spark reads it back from our files too. */
  static final String SPARK_ROW_METADATA = "org.apache.spark.sql.parquet.row.metadata";
  static final String PATH_STEP_SPAN_ID = "span_id";
  static final String PATH_STEP_SELF_US = "self_us";

  private TableSchemas() {}

  public static StructType spark(Table table) {
    return new StructType(table.columns().stream().map(TableSchemas::sparkField).toArray(StructField[]::new));
  }

  public static StructField sparkField(Column column) {
    return DataTypes.createStructField(column.name(), sparkType(column), column.nullable());
  }

  private static DataType sparkType(Column column) {
    return switch (column.type()) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case MAP_STRING_STRING -> DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true);
      case ARRAY_STRING -> DataTypes.createArrayType(DataTypes.StringType, true);
      case PATH_STEPS -> DataTypes.createArrayType(new StructType()
          .add(PATH_STEP_SPAN_ID, DataTypes.StringType, true).add(PATH_STEP_SELF_US, DataTypes.LongType, true), true);
      case BINARY -> DataTypes.BinaryType;
    };
  }

  public static MessageType parquet(Table table) {
    return new MessageType("spark_schema",
        table.columns().stream().map(TableSchemas::parquetField).toArray(Type[]::new));
  }

  private static Type parquetField(Column column) {
    Repetition repetition = column.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
    String name = column.name();
    return switch (column.type()) {
      case STRING -> string(repetition, name);
      case INT -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
      case LONG -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
      case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
      case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, repetition)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
      case BINARY -> Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
      case MAP_STRING_STRING -> Types.buildGroup(repetition).as(LogicalTypeAnnotation.mapType())
          .addField(Types.repeatedGroup()
              .addField(string(Repetition.REQUIRED, "key"))
              .addField(string(Repetition.OPTIONAL, "value"))
              .named("key_value"))
          .named(name);
      case ARRAY_STRING -> list(repetition, name, string(Repetition.OPTIONAL, "element"));
      case PATH_STEPS -> list(repetition, name, Types.optionalGroup()
          .addField(string(Repetition.OPTIONAL, PATH_STEP_SPAN_ID))
          .addField(Types.primitive(PrimitiveTypeName.INT64, Repetition.OPTIONAL).named(PATH_STEP_SELF_US))
          .named("element"));
    };
  }

  private static Type string(Repetition repetition, String name) {
    return Types.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType()).named(name);
  }

  private static Type list(Repetition repetition, String name, Type element) {
    return Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
        .addField(Types.repeatedGroup().addField(element).named("list")).named(name);
  }
}
