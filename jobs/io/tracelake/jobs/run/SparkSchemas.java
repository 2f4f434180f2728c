package io.tracelake.jobs.run;

import io.tracelake.model.schema.Column;
import io.tracelake.model.schema.Table;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Spark types of the warehouse tables, derived from {@link io.tracelake.model.schema.Tables}. */
final class SparkSchemas {

  private SparkSchemas() {}

  static StructType of(Table table) {
    return new StructType(table.columns().stream().map(SparkSchemas::field).toArray(StructField[]::new));
  }

  static StructField field(Column column) {
    return DataTypes.createStructField(column.name(), type(column), column.nullable());
  }

  private static DataType type(Column column) {
    return switch (column.type()) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case MAP_STRING_STRING -> DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true);
      case ARRAY_STRING -> DataTypes.createArrayType(DataTypes.StringType, true);
      case PATH_STEPS -> DataTypes.createArrayType(new org.apache.spark.sql.types.StructType()
          .add("span_id", DataTypes.StringType, true).add("self_us", DataTypes.LongType, true), true);
      case BINARY -> DataTypes.BinaryType;
    };
  }
}
