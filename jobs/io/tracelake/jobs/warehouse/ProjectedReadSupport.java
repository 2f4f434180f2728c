package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads some columns of a table, named and checked against its definition, into {@link RowView}s: the file's
 * other columns are not decoded at all. The columns not read (and those an older day's file lacks) are null in
 * the rows; {@link AbsentColumns} gives required ones their empty value.
 */
final class ProjectedReadSupport extends ReadSupport<RowView> {

  private final Set<String> columns;
  private final TableReadSupport rows;

  /** @throws IllegalArgumentException naming the column when the table has no column of that name */
  ProjectedReadSupport(Table table, Set<String> columns) {
    columns.forEach(table::column);
    this.columns = Set.copyOf(columns);
    this.rows = new TableReadSupport(table);
  }

  @Override
  public ReadContext init(InitContext context) {
    MessageType file = context.getFileSchema();
    List<Type> fields = new ArrayList<>();
    for (Type field : file.getFields()) {
      if (columns.contains(field.getName())) {
        fields.add(field);
      }
    }
    return new ReadContext(new MessageType(file.getName(), fields));
  }

  @Override
  public RecordMaterializer<RowView> prepareForRead(Configuration configuration, Map<String, String> keyValueMetaData,
      MessageType fileSchema, ReadContext readContext) {
    return rows.prepareForRead(configuration, keyValueMetaData, fileSchema, readContext);
  }
}
