package io.tracelake.jobs.warehouse;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.crypto.FileEncryptionProperties;
import org.apache.parquet.format.SortingColumn;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Writes one Parquet file of a table, as the table's definition says: zstd (level {@value #DEFAULT_ZSTD_LEVEL}),
 * the row-group size of {@code parquet.block.size}, a bloom filter on each of its bloom-filter columns, no
 * dictionary for its plain columns, the columns the session encrypts ({@link ColumnEncryption}) encrypted. The rows
 * must come in the table's sort order (the writer does not sort), which the footer records as every row group's
 * {@code sorting_columns} ({@link SortedFooterOutputFile}), except in an encrypted file. {@link ColumnPageWriter}
 * writes the rows; parquet-java's record writer, which writes the same rows, is kept for a table it cannot write
 * (a bloom filter on a column other than a string: none today) and as the reference its tests compare it with.
 */
public final class TableFileWriter<T> implements Closeable {

  /** Parquet's own row-group setting, honoured when set ({@code spark.hadoop.parquet.block.size}). */
  public static final String ROW_GROUP_BYTES_KEY = "parquet.block.size";
  public static final long DEFAULT_ROW_GROUP_BYTES = 128L << 20;
  /**
   * parquet-java's zstd level setting, honoured when set ({@code spark.hadoop.parquet.compression.codec.zstd.level}).
   */
  public static final String ZSTD_LEVEL_KEY = "parquet.compression.codec.zstd.level";
  /**
   * zstd's level 1, not parquet-java's 3: the nightly run's CPU 1-1.5 % lower (zstd was the costliest frame of its
   * tasks), and the tables as small (5M-line JSON day 0.2 % smaller, 1M-line day of every format 0.2 % bigger): a
   * page of dictionary ids, levels and plain strings compresses about as well at either level.
   */
  public static final int DEFAULT_ZSTD_LEVEL = 1;
  /** Fewer ids than this per filter would make no filter smaller worth having. */
  public static final long MIN_BLOOM_NDV = 1_000;
  /** parquet-java caps a filter at 1 MB (about 870k ids at 1% false positives): sizing past it buys nothing. */
  public static final long MAX_BLOOM_NDV = 870_000;

  /** Where the rows go: the page writer, or parquet-java's record writer. */
  interface RowSink<T> extends Closeable {
    void write(T row) throws IOException;
  }

  private final RowSink<T> writer;
  private final Path path;
  private final RowCodec<T> codec;
  /** The footer entries the sink writes when it closes: this writer adds the sum of line_count before it does. */
  private final Map<String, String> closingFooter;
  /** The table's line_count column (-1: none), and the sum of the rows' values (as the reconciliation counts). */
  private final int lineCountColumn;
  private long lines;
  private boolean lineCountMissing;
  private long rows;

  private TableFileWriter(RowSink<T> writer, Path path, RowCodec<T> codec, Map<String, String> closingFooter) {
    this.writer = writer;
    this.path = path;
    this.codec = codec;
    this.closingFooter = closingFooter;
    this.lineCountColumn = codec.table().indexOf(WrittenLines.LINE_COUNT);
  }

  /**
   * A new file at {@code path} (which must not exist).
   *
   * @param lookupIdsPerRowGroup about how many distinct values of the bloom-filter columns one row group holds;
   *     each filter has room for twice that (an overfull filter answers "maybe" far too often)
   */
  public static <T> TableFileWriter<T> create(RowCodec<T> codec, Path path, Configuration hadoop,
      long lookupIdsPerRowGroup) throws IOException {
    return create(codec, path, hadoop, lookupIdsPerRowGroup, true);
  }

  /**
   * A new file at {@code path} whose rows come as they arrive, not in the table's sort order (the events without
   * a trace id, in the order a parse task read them): its footer records no sort order.
   */
  public static <T> TableFileWriter<T> createInArrivalOrder(RowCodec<T> codec, Path path, Configuration hadoop,
      long lookupIdsPerRowGroup) throws IOException {
    return create(codec, path, hadoop, lookupIdsPerRowGroup, false);
  }

  private static <T> TableFileWriter<T> create(RowCodec<T> codec, Path path, Configuration hadoop,
      long lookupIdsPerRowGroup, boolean sorted) throws IOException {
    return create(codec, path, hadoop, lookupIdsPerRowGroup, sorted, !ColumnPageWriter.supports(codec.table()));
  }

  /**
   * @param recordWriter whether parquet-java's record writer writes the rows: in production only for a table the
   *     page writer cannot write (none today); otherwise the reference ColumnPageWriterTest compares it with
   */
  static <T> TableFileWriter<T> create(RowCodec<T> codec, Path path, Configuration hadoop,
      long lookupIdsPerRowGroup, boolean sorted, boolean recordWriter) throws IOException {
    io.tracelake.model.schema.Table table = codec.table();
    FileEncryptionProperties encryption = ColumnEncryption.forFile(table, path, hadoop);
    OutputFile file = outputFile(path, hadoop);
    if (sorted && encryption == null && !table.sortOrder().isEmpty()) {
      // an encrypted file's footer is signed or encrypted: it cannot be given sorting columns afterwards
      file = new SortedFooterOutputFile(file, sortingColumns(table));
    }
    long rowGroupBytes = hadoop.getLong(ROW_GROUP_BYTES_KEY, DEFAULT_ROW_GROUP_BYTES);
    Configuration codecs = withZstdLevel(hadoop);
    long ndv = Math.min(MAX_BLOOM_NDV, Math.max(MIN_BLOOM_NDV, 2 * lookupIdsPerRowGroup));
    Set<String> dictionaryOff = new HashSet<>();
    for (ColumnDescriptor leaf : TableSchemas.parquet(table).getColumns()) {
      // the table's plain columns (a nested one's every leaf), and those the session turned dictionaries off for
      // (as Spark's writer would)
      String column = String.join(".", leaf.getPath());
      if (table.plainColumns().contains(leaf.getPath()[0])
          || "false".equals(hadoop.get("parquet.enable.dictionary#" + column))) {
        dictionaryOff.add(column);
      }
    }
    if (!recordWriter) {
      Map<String, String> footer = new HashMap<>(TableWriteSupport.footerMetadata(table));
      footer.put(ParquetWriter.OBJECT_MODEL_NAME_PROP, TableWriteSupport.NAME);
      return new TableFileWriter<>(
          new ColumnPageWriter<>(codec, file, codecs, encryption, rowGroupBytes, dictionaryOff, ndv, footer), path,
          codec, footer);
    }
    Map<String, String> closingFooter = new HashMap<>();
    Builder<T> builder = new Builder<>(file, table, codec, closingFooter)
        .withConf(codecs)
        .withEncryption(encryption)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withCompressionCodec(CompressionCodecName.ZSTD)
        .withRowGroupSize(rowGroupBytes);
    for (String column : table.bloomFilterColumns()) {
      builder = builder.withBloomFilterEnabled(column, true).withBloomFilterNDV(column, ndv);
    }
    for (String column : dictionaryOff) {
      builder = builder.withDictionaryEncoding(column, false);
    }
    ParquetWriter<T> records = builder.build();
    return new TableFileWriter<>(new RowSink<>() {
      @Override
      public void write(T row) throws IOException {
        records.write(row);
      }

      @Override
      public void close() throws IOException {
        records.close();
      }
    }, path, codec, closingFooter);
  }

  /**
   * The footer's sorting columns of a table: its sort order as indexes of Parquet leaf columns, ascending, nulls
   * first (a trace id's bytes, times and line numbers sort ascending; the writers put no null among them).
   */
  static List<SortingColumn> sortingColumns(io.tracelake.model.schema.Table table) {
    MessageType schema = TableSchemas.parquet(table);
    List<SortingColumn> sorting = new ArrayList<>();
    for (String column : table.sortOrder()) {
      int leaf = 0;
      for (ColumnDescriptor descriptor : schema.getColumns()) {
        if (descriptor.getPath().length == 1 && descriptor.getPath()[0].equals(column)) {
          break;
        }
        leaf++;
      }
      if (leaf == schema.getColumns().size()) {
        throw new IllegalStateException("Table " + table.name() + " sorts by " + column + ", which is no plain column of it");
      }
      sorting.add(new SortingColumn(leaf, false, true));
    }
    return sorting;
  }

  /** Writes a file of {@code table} with no row: a day's partition always has a file readers can open. */
  public static void createEmpty(io.tracelake.model.schema.Table table, Path path, Configuration hadoop)
      throws IOException {
    new Builder<Object>(outputFile(path, hadoop), table, null, Map.of()).withConf(withZstdLevel(hadoop))
        .withEncryption(ColumnEncryption.forFile(table, path, hadoop)).withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withCompressionCodec(CompressionCodecName.ZSTD).build().close();
  }

  /**
   * The session's settings for the compressor: its own zstd level, or {@link #DEFAULT_ZSTD_LEVEL}. The page writer
   * compresses each file at its level; parquet-java's record writer at the level of the first file its JVM wrote.
   */
  static Configuration withZstdLevel(Configuration hadoop) {
    if (hadoop.get(ZSTD_LEVEL_KEY) != null) {
      return hadoop;
    }
    Configuration codecs = new Configuration(hadoop);
    codecs.setInt(ZSTD_LEVEL_KEY, DEFAULT_ZSTD_LEVEL);
    return codecs;
  }

  /** The file, created with the session's umask ({@link OutputMode}) whatever the cached file system was opened with. */
  private static OutputFile outputFile(Path path, Configuration hadoop) throws IOException {
    OutputMode.applyTo(path.getFileSystem(hadoop), hadoop);
    return HadoopOutputFile.fromPath(path, hadoop);
  }

  public void write(T row) throws IOException {
    writer.write(row);
    rows++;
    if (lineCountColumn >= 0) {
      Object count = codec.value(row, lineCountColumn);
      if (count == null) {
        lineCountMissing = true;
      } else {
        lines += ((Number) count).longValue();
      }
    }
  }

  public long rows() {
    return rows;
  }

  public Path path() {
    return path;
  }

  /** Ends the file; its footer records the sum of its rows' line_count, unless a row had none. */
  @Override
  public void close() throws IOException {
    if (lineCountColumn >= 0 && !lineCountMissing) {
      closingFooter.put(WrittenLines.FOOTER_KEY, Long.toString(lines));
    }
    writer.close();
  }

  private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
    private final io.tracelake.model.schema.Table table;
    private final RowCodec<T> codec;
    private final Map<String, String> closingFooter;

    Builder(OutputFile file, io.tracelake.model.schema.Table table, RowCodec<T> codec,
        Map<String, String> closingFooter) {
      super(file);
      this.table = table;
      this.codec = codec;
      this.closingFooter = closingFooter;
    }

    @Override
    protected Builder<T> self() {
      return this;
    }

    @Override
    protected WriteSupport<T> getWriteSupport(Configuration conf) {
      return new TableWriteSupport<>(table, codec, closingFooter);
    }
  }
}
