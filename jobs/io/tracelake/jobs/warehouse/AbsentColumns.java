package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Column;
import java.util.List;
import java.util.Map;

/**
 * A row that may lack values of required columns: one of a day written by an older schema version (its files
 * have no column added since, see SCHEMA.md "Versions"), or one read with a projection. Such a column reads as
 * its type's empty value (0, false, an empty map or list; null for a string or bytes, which have none), so that
 * a table's codec decodes these rows as it decodes whole ones. Nullable columns stay null.
 */
final class AbsentColumns extends RowView {

  private final RowView row;

  private AbsentColumns(RowView row) {
    super(row.table());
    this.row = row;
  }

  static RowView filled(RowView row) {
    return row instanceof AbsentColumns ? row : new AbsentColumns(row);
  }

  @Override
  Object value(int index) {
    Object value = row.value(index);
    if (value != null) {
      return value;
    }
    Column column = table().columns().get(index);
    if (column.nullable()) {
      return null;
    }
    return switch (column.type()) {
      case INT -> 0;
      case LONG, TIMESTAMP -> 0L;
      case DOUBLE -> 0.0;
      case BOOLEAN -> false;
      case MAP_STRING_STRING -> Map.of();
      case ARRAY_STRING, PATH_STEPS -> List.of();
      case STRING, BINARY -> null;
    };
  }
}
