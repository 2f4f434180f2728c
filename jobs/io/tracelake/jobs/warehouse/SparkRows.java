package io.tracelake.jobs.warehouse;

import io.tracelake.model.TraceSummary.PathStep;
import io.tracelake.model.schema.Column;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;

/**
 * Rows a codec makes, as Spark rows of the table's Spark schema: for the few rows made on the driver that a
 * Spark writer then writes. The inverse of {@link SparkRowView}: epoch microseconds become instants, lists
 * Scala sequences, critical-path steps nested rows.
 */
public final class SparkRows {

  private SparkRows() {}

  /** The rows as a DataFrame of {@code codec}'s table, in the order given. */
  public static <T> Dataset<Row> dataFrame(SparkSession spark, RowCodec<T> codec, List<T> rows) {
    List<Row> sparkRows = new ArrayList<>(rows.size());
    for (T row : rows) {
      sparkRows.add(row(codec, row));
    }
    return spark.createDataFrame(sparkRows, codec.sparkSchema());
  }

  static <T> Row row(RowCodec<T> codec, T row) {
    Object[] values = codec.values(row);
    List<Column> columns = codec.table().columns();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        values[i] = sparkValue(columns.get(i), values[i]);
      }
    }
    return RowFactory.create(values);
  }

  @SuppressWarnings("unchecked")
  private static Object sparkValue(Column column, Object value) {
    return switch (column.type()) {
      case TIMESTAMP -> {
        long micros = (Long) value;
        yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
      }
      case ARRAY_STRING -> JavaConverters.asScalaBuffer((List<String>) value).toList();
      case PATH_STEPS -> JavaConverters.asScalaBuffer(((List<PathStep>) value).stream()
          .map(step -> RowFactory.create(step.spanId(), step.selfUs())).toList()).toList();
      default -> value;
    };
  }
}
