package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * What the writer plans the trace-keyed tables' files with (their sort order and bloom filters are the tables'
 * definition, {@link Tables}): how many bytes a trace takes in each, to size the bloom filters and the files.
 * Model/SCHEMA.md ("Layout for reading one trace") says why the layout is what it is.
 *
 * @param bytesPerTrace Parquet bytes one trace takes in this table, about (measured on generated days)
 * @param shareOfEvents this table's size as a share of the events table's, about
 */
public record TableLayout(long bytesPerTrace, double shareOfEvents) {

  /** Hadoop setting for the target bytes of one Parquet file; set {@code spark.hadoop.tracelake.parquet.file.bytes}. */
  public static final String FILE_BYTES_KEY = "tracelake.parquet.file.bytes";
  public static final long DEFAULT_FILE_BYTES = 256L << 20;

  private static final Map<String, TableLayout> BY_TABLE = Map.of(
      Tables.EVENTS.name(), new TableLayout(940, 1.0),
      Tables.SPANS.name(), new TableLayout(480, 0.51),
      Tables.TRACES.name(), new TableLayout(42, 0.045));

  /** The layout of a table keyed by trace, or null for the others (rejects, aggregates). */
  public static TableLayout of(Table table) {
    return BY_TABLE.get(table.name());
  }

  /** About how many traces one row group holds in this table's file beside an events file of {@code eventsBytesPerFile}. */
  public long tracesPerRowGroup(Configuration hadoop, long eventsBytesPerFile) {
    long rowGroupBytes = hadoop.getLong(TableFileWriter.ROW_GROUP_BYTES_KEY, TableFileWriter.DEFAULT_ROW_GROUP_BYTES);
    return Math.min(rowGroupBytes, Math.max(1, (long) (eventsBytesPerFile * shareOfEvents))) / bytesPerTrace;
  }

  /** Files for a table of about {@code tableBytes}: one per target file size, at least one. */
  public static int files(long tableBytes, Configuration hadoop) {
    long target = hadoop.getLong(FILE_BYTES_KEY, DEFAULT_FILE_BYTES);
    return (int) Math.max(1, Math.min(10_000, (tableBytes + target - 1) / target));
  }
}
