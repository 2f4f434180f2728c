package io.tracelake.jobs.run;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;

import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How the trace-keyed tables (events, spans, traces) sit in their files, so that one trace is cheap to
 * find: every trace's rows in one file, each file sorted by {@code trace_id} (then time), and a Parquet
 * bloom filter on {@code trace_id} in every row group. Model/SCHEMA.md ("Layout for reading one trace")
 * says why.
 *
 * @param sortColumns the order of rows within each file
 * @param bytesPerTrace Parquet bytes one trace takes in this table, about (measured on generated days); sizes the
 *     bloom filters and the number of files
 * @param shareOfEvents this table's size as a share of the events table's, about; for tables written after the events
 */
record TableLayout(List<String> sortColumns, long bytesPerTrace, double shareOfEvents) {

  /** The one column every lookup filters on. */
  static final String TRACE_ID = "trace_id";
  /** Hadoop setting for the target bytes of one Parquet file; set {@code spark.hadoop.tracelake.parquet.file.bytes}. */
  static final String FILE_BYTES_KEY = "tracelake.parquet.file.bytes";
  static final long DEFAULT_FILE_BYTES = 256L << 20;
  /** Parquet's own row-group setting, honoured when set ({@code spark.hadoop.parquet.block.size}). */
  static final String ROW_GROUP_BYTES_KEY = "parquet.block.size";
  static final long DEFAULT_ROW_GROUP_BYTES = 128L << 20;
  /** A bloom filter never grows past this; at 1% false positives it holds about 1.7M ids. */
  static final long MAX_BLOOM_BYTES = 2L << 20;
  /** Fewer ids than this per filter would make no filter smaller worth having. */
  static final long MIN_BLOOM_NDV = 1_000;

  // the sort order is the table definition's (Tables); the sizes are measured
  static final Map<String, TableLayout> BY_TABLE = Map.of(
      Tables.EVENTS.name(), new TableLayout(Tables.EVENTS.sortOrder(), 940, 1.0),
      Tables.SPANS.name(), new TableLayout(Tables.SPANS.sortOrder(), 480, 0.51),
      Tables.TRACES.name(), new TableLayout(Tables.TRACES.sortOrder(), 42, 0.045));

  /** The layout of a table keyed by trace, or null for the others (rejects, aggregates), written as given. */
  static TableLayout of(Table table) {
    return BY_TABLE.get(table.name());
  }

  /**
   * The rows spread over {@code files} files by trace id and sorted within each. Rows without a trace id
   * are spread by where they came from, so that they do not all land in one file.
   */
  Dataset<Row> arrange(Dataset<Row> rows, int files) {
    List<String> columns = List.of(rows.columns());
    Column key = col(TRACE_ID);
    if (columns.contains("source_file") && columns.contains("line_number")) {
      key = coalesce(col(TRACE_ID), concat_ws(":", col("source_file"), col("line_number")));
    }
    return rows.repartition(files, key).sortWithinPartitions(sortColumns.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * Rows that already come clustered by trace (every trace's rows in one partition, as the reconstruction
   * makes them) merged into {@code files} files without a shuffle, and sorted within each; shuffled as
   * {@link #arrange} does only when more files are wanted than there are partitions.
   */
  Dataset<Row> arrangeClustered(Dataset<Row> rows, int files) {
    if (files > rows.rdd().getNumPartitions()) {
      return arrange(rows, files);
    }
    return rows.coalesce(files).sortWithinPartitions(sortColumns.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /**
   * Parquet writer options: the bloom filter on trace_id, sized for the traces one row group holds, and
   * the row-group size.
   *
   * @param bytesPerFile the expected Parquet bytes of one file of this table
   */
  Map<String, String> writerOptions(Configuration hadoop, long bytesPerFile) {
    long rowGroupBytes = hadoop.getLong(ROW_GROUP_BYTES_KEY, DEFAULT_ROW_GROUP_BYTES);
    long tracesPerRowGroup = Math.min(rowGroupBytes, Math.max(1, bytesPerFile)) / bytesPerTrace;
    // room for twice the estimate: an overfull filter answers "maybe" far too often, a roomy one costs a few KB
    long ndv = Math.max(MIN_BLOOM_NDV, 2 * tracesPerRowGroup);
    Map<String, String> options = new LinkedHashMap<>();
    options.put(ROW_GROUP_BYTES_KEY, Long.toString(rowGroupBytes));
    options.put("parquet.bloom.filter.enabled#" + TRACE_ID, "true");
    // parquet-java drops the bloom filter of a column chunk that is all dictionary-encoded (the dictionary
    // can answer instead); readers that use only bloom filters (DuckDB) would then scan every row group
    options.put("parquet.enable.dictionary#" + TRACE_ID, "false");
    options.put("parquet.bloom.filter.expected.ndv#" + TRACE_ID, Long.toString(ndv));
    options.put("parquet.bloom.filter.max.bytes", Long.toString(MAX_BLOOM_BYTES));
    return options;
  }

  /** About how many traces one row group holds in a file of this table of about {@code eventsBytesPerFile} times its share. */
  long tracesPerRowGroup(Configuration hadoop, long eventsBytesPerFile) {
    long rowGroupBytes = hadoop.getLong(ROW_GROUP_BYTES_KEY, DEFAULT_ROW_GROUP_BYTES);
    return Math.min(rowGroupBytes, Math.max(1, (long) (eventsBytesPerFile * shareOfEvents))) / bytesPerTrace;
  }

  /** Files for a table of about {@code tableBytes}: one per target file size, at least one. */
  static int files(long tableBytes, Configuration hadoop) {
    long target = hadoop.getLong(FILE_BYTES_KEY, DEFAULT_FILE_BYTES);
    return (int) Math.max(1, Math.min(10_000, (tableBytes + target - 1) / target));
  }
}
