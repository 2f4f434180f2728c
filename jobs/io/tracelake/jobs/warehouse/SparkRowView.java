package io.tracelake.jobs.warehouse;

import io.tracelake.model.TraceSummary.PathStep;
import io.tracelake.model.schema.Table;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/** A Spark row read by name: Spark's values (Timestamp, Seq, scala Map, nested Row) turned into the codec's. */
final class SparkRowView extends RowView {

  private final Row row;

  SparkRowView(Table table, Row row) {
    super(table);
    this.row = row;
  }

  @Override
  Object value(int index) {
    int field = row.fieldIndex(table().columns().get(index).name());
    if (row.isNullAt(field)) {
      return null;
    }
    Object value = row.get(field);
    return switch (table().columns().get(index).type()) {
      case TIMESTAMP -> micros(value);
      case MAP_STRING_STRING -> {
        Map<String, String> map = new LinkedHashMap<>();
        JavaConverters.mapAsJavaMap((scala.collection.Map<String, String>) value).forEach(map::put);
        yield map;
      }
      case ARRAY_STRING -> new ArrayList<>(row.<String>getList(field));
      case PATH_STEPS -> {
        List<PathStep> steps = new ArrayList<>();
        for (Row step : row.<Row>getList(field)) {
          steps.add(new PathStep(step.getString(step.fieldIndex(TableSchemas.PATH_STEP_SPAN_ID)),
              step.getLong(step.fieldIndex(TableSchemas.PATH_STEP_SELF_US))));
        }
        yield steps;
      }
      default -> value;
    };
  }

  private static long micros(Object value) {
    Instant instant = value instanceof Timestamp t ? t.toInstant() : (Instant) value;
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }
}
