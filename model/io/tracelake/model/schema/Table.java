package io.tracelake.model.schema;

import java.util.List;

/** A warehouse table: its directory name under the warehouse and its columns, in order. */
public record Table(String name, String description, List<Column> columns) {

  /** Every table is partitioned by this column, stored in the path as {@code dt=YYYY-MM-DD}. */
  public static final String PARTITION_COLUMN = "dt";

  public Table {
    columns = List.copyOf(columns);
  }

  public Column column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("table " + name + " has no column " + columnName));
  }
}
