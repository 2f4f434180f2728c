package io.tracelake.jobs.warehouse;

import io.tracelake.model.TraceSummary.PathStep;
import io.tracelake.model.schema.ColumnType;
import io.tracelake.model.schema.Table;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;

/**
 * One row of a table read BY COLUMN NAME ({@code row.string("service")}, {@code row.longValue("duration_us")}):
 * the only way rows are read, whether they come from a Parquet file ({@link TableFiles#read}) or a Spark
 * {@link Row} ({@link #of(Table, Row)}). Asking a column for the wrong type, or a column the table does not
 * have, fails with the table and column named.
 */
public abstract class RowView {

  private static final Map<Table, Map<String, Integer>> INDEXES = new ConcurrentHashMap<>();

  private final Table table;
  private final Map<String, Integer> index;

  RowView(Table table) {
    this.table = table;
    this.index = INDEXES.computeIfAbsent(table, t -> {
      Map<String, Integer> byName = new java.util.HashMap<>();
      for (int i = 0; i < t.columns().size(); i++) {
        byName.put(t.columns().get(i).name(), i);
      }
      return Map.copyOf(byName);
    });
  }

  /** A Spark row of {@code table} (its columns by name, in any order; timestamps as Spark gives them). */
  public static RowView of(Table table, Row row) {
    return new SparkRowView(table, row);
  }

  public Table table() {
    return table;
  }

  /** The value of the column at {@code index} of the table, normalised as {@link RowCodec#values} gives it. */
  abstract Object value(int index);

  /** The row's values in the table's column order, normalised as {@link RowCodec#values} gives them. */
  public List<Object> values() {
    List<Object> values = new java.util.ArrayList<>();
    for (int i = 0; i < table.columns().size(); i++) {
      values.add(value(i));
    }
    return values;
  }

  public boolean isNull(String column) {
    return value(column, null) == null;
  }

  public String string(String column) {
    return (String) value(column, ColumnType.STRING);
  }

  public Integer intOrNull(String column) {
    return (Integer) value(column, ColumnType.INT);
  }

  public int intValue(String column) {
    return (Integer) required(column, ColumnType.INT);
  }

  public Long longOrNull(String column) {
    return (Long) value(column, ColumnType.LONG);
  }

  public long longValue(String column) {
    return (Long) required(column, ColumnType.LONG);
  }

  public double doubleValue(String column) {
    return (Double) required(column, ColumnType.DOUBLE);
  }

  public boolean bool(String column) {
    return (Boolean) required(column, ColumnType.BOOLEAN);
  }

  /** A timestamp column as epoch microseconds (UTC). */
  public long timestampUs(String column) {
    return (Long) required(column, ColumnType.TIMESTAMP);
  }

  @SuppressWarnings("unchecked")
  public Map<String, String> map(String column) {
    return (Map<String, String>) value(column, ColumnType.MAP_STRING_STRING);
  }

  @SuppressWarnings("unchecked")
  public List<String> strings(String column) {
    return (List<String>) value(column, ColumnType.ARRAY_STRING);
  }

  @SuppressWarnings("unchecked")
  public List<PathStep> pathSteps(String column) {
    return (List<PathStep>) value(column, ColumnType.PATH_STEPS);
  }

  public byte[] bytes(String column) {
    return (byte[]) value(column, ColumnType.BINARY);
  }

  private Object required(String column, ColumnType type) {
    Object value = value(column, type);
    if (value == null) {
      throw new IllegalStateException(table.name() + "." + column + " is null in this row");
    }
    return value;
  }

  private Object value(String column, ColumnType type) {
    Integer i = index.get(column);
    if (i == null) {
      throw new IllegalArgumentException("table " + table.name() + " has no column " + column);
    }
    ColumnType declared = table.columns().get(i).type();
    if (type != null && declared != type) {
      throw new IllegalArgumentException(table.name() + "." + column + " is " + declared + ", read as " + type);
    }
    return value(i);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(table.name()).append('{');
    for (int i = 0; i < table.columns().size(); i++) {
      Object v = value(i);
      out.append(i == 0 ? "" : ", ").append(table.columns().get(i).name()).append('=')
          .append(v instanceof byte[] b ? b.length + " bytes" : v);
    }
    return out.append('}').toString();
  }
}
