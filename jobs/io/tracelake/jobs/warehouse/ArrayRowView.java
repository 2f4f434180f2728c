package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Table;

/** A row whose values are already in column order and normalised (read from Parquet, or made by a codec). */
final class ArrayRowView extends RowView {

  private final Object[] values;

  ArrayRowView(Table table, Object[] values) {
    super(table);
    this.values = values;
  }

  @Override
  Object value(int index) {
    return values[index];
  }
}
