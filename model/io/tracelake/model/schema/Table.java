package io.tracelake.model.schema;

import java.util.List;

/**
 * A warehouse table: its directory name under the warehouse, its columns in order, and how its rows sit in
 * its files (the writer's part of the contract: what one-trace lookups rely on).
 *
 * @param sortOrder the columns each file is sorted by, in order; empty when the rows are written as they come
 * @param bloomFilterColumns columns with a Parquet bloom filter in every row group
 * @param plainColumns columns written without dictionary encoding (every string leaf of a nested one): a lookup
 *     column, because parquet-java drops the bloom filter of a column chunk that is all dictionary-encoded and
 *     readers that look only at bloom filters (DuckDB) would then scan every row group; and columns whose values
 *     seldom repeat within a row group, whose dictionary would fill and fall back after every value was hashed
 */
public record Table(String name, String description, List<Column> columns, List<String> sortOrder,
    List<String> bloomFilterColumns, List<String> plainColumns) implements java.io.Serializable {

  /** Every table is partitioned by this column, stored in the path as {@code dt=YYYY-MM-DD}. */
  public static final String PARTITION_COLUMN = "dt";

  public Table {
    columns = List.copyOf(columns);
    sortOrder = List.copyOf(sortOrder);
    bloomFilterColumns = List.copyOf(bloomFilterColumns);
    plainColumns = List.copyOf(plainColumns);
    for (List<String> named : List.of(sortOrder, bloomFilterColumns, plainColumns)) {
      for (String column : named) {
        if (columns.stream().noneMatch(c -> c.name().equals(column))) {
          throw new IllegalArgumentException("table " + name + " has no column " + column + " to lay out by");
        }
      }
    }
  }

  /** A table written as its rows come: no sort order, no bloom filter. */
  public Table(String name, String description, List<Column> columns) {
    this(name, description, columns, List.of(), List.of(), List.of());
  }

  /** This table, its files sorted by {@code sortOrder}, with a bloom filter on (and no dictionary for) {@code lookupColumn}. */
  public Table sortedWithLookupBy(List<String> sortOrder, String lookupColumn) {
    return new Table(name, description, columns, sortOrder, List.of(lookupColumn), List.of(lookupColumn));
  }

  /**
   * This table, with {@code columns} also written without a dictionary: ids, messages and other values that are
   * nearly all distinct. A property of the table, not of a session: the files are the same whoever writes them.
   */
  public Table withoutDictionary(List<String> columns) {
    List<String> plain = new java.util.ArrayList<>(plainColumns);
    plain.addAll(columns);
    return new Table(name, description, this.columns, sortOrder, bloomFilterColumns, plain);
  }

  public Column column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("table " + name + " has no column " + columnName));
  }

  /** The position of a column, or -1 when the table has none of that name. */
  public int indexOf(String columnName) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(columnName)) {
        return i;
      }
    }
    return -1;
  }
}
