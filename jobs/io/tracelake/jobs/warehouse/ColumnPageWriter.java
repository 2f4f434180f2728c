package io.tracelake.jobs.warehouse;

import io.tracelake.model.TraceSummary;
import io.tracelake.model.schema.Column;
import io.tracelake.model.schema.ColumnType;
import io.tracelake.model.schema.Table;
import io.tracelake.parsers.ByteHash;
import io.tracelake.parsers.ByteRanges;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;
import org.apache.parquet.crypto.FileEncryptionProperties;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.codec.ZstandardCodec;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Writes a table's rows into a Parquet file column by column: each value goes straight into its column's page
 * buffers (dictionary ids or plain bytes, definition and repetition levels), and each full page goes to
 * parquet-java's page store, which compresses, checksums, encrypts and indexes it as parquet-java's own writer
 * does, and lays the row groups out in the file ({@link ParquetFileWriter}).
 *
 * <p>Why not parquet-java's record writer: per value it assembles the record level by level, compares and
 * copies the value for the page's min/max, hashes a copy into the dictionary and hashes it again for the bloom
 * filter; writing the events table that way was over 40% of the nightly run's CPU. Here the min/max of a
 * dictionary-encoded page come from the dictionary entries the page uses, a value equal to the column's
 * previous one takes its id without a lookup, and the bloom filter gets each run of equal values once (the
 * rows come sorted by trace). The layout is parquet-java's defaults: V1 data pages of at most 1 MB or 20,000
 * rows, a dictionary per column chunk that falls back to plain encoding past 1 MB or when it does not make the
 * first page smaller, statistics and column indexes on every page.
 *
 * <p>Flat columns, string maps, string lists and critical paths; a bloom filter on a string column only
 * ({@link #supports}).
 */
final class ColumnPageWriter<T> implements TableFileWriter.RowSink<T> {
  private static final int PAGE_BYTES = ParquetProperties.DEFAULT_PAGE_SIZE;
  private static final int PAGE_ROWS = ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT;
  private static final int DICTIONARY_BYTES = ParquetProperties.DEFAULT_DICTIONARY_PAGE_SIZE;
  /**
   * How often (rows) the buffered size is checked against the row-group size: parquet-java's first check comes
   * after 100 rows too. Rows of a megabyte (a huge message, a big map) then overshoot a row group by at most
   * about 100 MB; checking a sum over the leaves every 100 rows costs nothing measurable.
   */
  private static final int ROW_GROUP_CHECK_ROWS = 100;

  private final RowCodec<T> codec;
  private final MessageType schema;
  private final ParquetFileWriter file;
  private final CodecFactory codecs;
  private final CodecFactory.BytesCompressor compressor;
  private final Map<String, String> footer;
  private final long rowGroupBytes;
  /** Per column, its writer: of the column's value, or of the row itself when the codec gives the column in place. */
  private final ColumnWriter[] columns;
  /**
   * The same writers by class, each kind written in a loop of its own: a call site that only ever sees one class is
   * a direct call the JIT inlines, where one call site for all columns jumps through the virtual table to a
   * different target each time (about a sixteenth of the events writer's time).
   */
  private final ColumnWriter[] inPlaceStrings;
  private final ColumnWriter[] inPlaceMaps;
  private final ColumnWriter[] inPlaceNumbers;
  private final ColumnWriter[] flatBinaries;
  private final ColumnWriter[] flatNumbers;
  /** The writers of the other kinds: booleans, maps, lists, critical paths (a few values a row, if any). */
  private final ColumnWriter[] otherColumns;
  /** Per column, whether the codec gives it in place (asked once, not per row). */
  private final boolean[] givenInPlace;
  /** The row being written, column by column (reused). */
  private final Object[] values;
  private final List<Leaf> leaves = new ArrayList<>();
  private final StreamOf out;
  private ColumnChunkPageWriteStore pageStore;
  private int rowGroupOrdinal;
  private long rowsInGroup;
  /** A row was written to some columns and not others, or a flush failed: the file is not finished. */
  private boolean failed;

  /** Whether this writer can write {@code table}: bloom filters on string columns only. */
  static boolean supports(Table table) {
    for (Column column : table.columns()) {
      if (table.bloomFilterColumns().contains(column.name()) && column.type() != ColumnType.STRING) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param dictionaryOff leaf columns (dotted paths, as {@code parquet.enable.dictionary#} names them) written
   *     without a dictionary
   * @param bloomNdv distinct values each row group's bloom filters are sized for
   */
  ColumnPageWriter(RowCodec<T> codec, OutputFile file, Configuration hadoop, FileEncryptionProperties encryption,
      long rowGroupBytes, Set<String> dictionaryOff, long bloomNdv, Map<String, String> footer) throws IOException {
    Table table = codec.table();
    if (!supports(table)) {
      throw new IllegalArgumentException("table " + table.name() + " has columns the page writer does not write");
    }
    this.codec = codec;
    this.schema = TableSchemas.parquet(table);
    this.rowGroupBytes = rowGroupBytes;
    this.footer = footer;
    this.out = new StreamOf(file);
    this.codecs = new LevelledCodecs(hadoop);
    try {
      this.file = new ParquetFileWriter(this.out, schema, ParquetFileWriter.Mode.CREATE, rowGroupBytes,
          ParquetWriter.MAX_PADDING_SIZE_DEFAULT, ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
          ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH,
          ParquetProperties.DEFAULT_PAGE_WRITE_CHECKSUM_ENABLED, encryption);
      this.file.start();
      this.compressor = codecs.getCompressor(CompressionCodecName.ZSTD);
    } catch (RuntimeException | IOException e) {
      this.out.closeQuietly();
      codecs.release();
      throw e;
    }
    List<ColumnDescriptor> descriptors = schema.getColumns();
    this.columns = new ColumnWriter[table.columns().size()];
    this.values = new Object[columns.length];
    this.givenInPlace = new boolean[columns.length];
    int leaf = 0;
    for (int i = 0; i < columns.length; i++) {
      Column column = table.columns().get(i);
      givenInPlace[i] = codec.givesInPlace(i);
      long ndv = table.bloomFilterColumns().contains(column.name()) ? bloomNdv : 0;
      switch (column.type()) {
        case MAP_STRING_STRING -> {
          BinaryLeaf key = add(binary(descriptors.get(leaf++), dictionaryOff, 0));
          BinaryLeaf value = add(binary(descriptors.get(leaf++), dictionaryOff, 0));
          columns[i] = givenInPlace[i] ? new InPlaceMap(i, key, value) : new MapWriter(i, key, value);
        }
        case ARRAY_STRING -> columns[i] = new ListWriter(i, add(binary(descriptors.get(leaf++), dictionaryOff, 0)));
        case PATH_STEPS -> {
          BinaryLeaf spanId = add(binary(descriptors.get(leaf++), dictionaryOff, 0));
          NumberLeaf selfUs = add(new NumberLeaf(descriptors.get(leaf++)));
          columns[i] = new PathStepsWriter(i, spanId, selfUs);
        }
        default -> {
          ColumnDescriptor descriptor = descriptors.get(leaf++);
          Leaf written = switch (descriptor.getPrimitiveType().getPrimitiveTypeName()) {
            case BINARY -> binary(descriptor, dictionaryOff, ndv);
            case BOOLEAN -> new BooleanLeaf(descriptor);
            default -> new NumberLeaf(descriptor);
          };
          add(written);
          if (givenInPlace[i]) {
            columns[i] = written instanceof NumberLeaf numberLeaf
                ? new InPlaceNumber(i, numberLeaf, !column.nullable()) : new InPlaceString(i, (BinaryLeaf) written);
          } else if (written instanceof BinaryLeaf binaryLeaf) {
            columns[i] = new FlatBinary(i, binaryLeaf);
          } else if (written instanceof NumberLeaf numberLeaf) {
            columns[i] = new FlatNumber(i, numberLeaf);
          } else {
            columns[i] = new FlatBoolean(i, (BooleanLeaf) written);
          }
        }
      }
    }
    this.inPlaceStrings = ofKind(InPlaceString.class);
    this.inPlaceMaps = ofKind(InPlaceMap.class);
    this.inPlaceNumbers = ofKind(InPlaceNumber.class);
    this.flatBinaries = ofKind(FlatBinary.class);
    this.flatNumbers = ofKind(FlatNumber.class);
    List<Class<?>> looped = List.of(InPlaceString.class, InPlaceMap.class, InPlaceNumber.class, FlatBinary.class,
        FlatNumber.class);
    this.otherColumns = Arrays.stream(columns).filter(c -> !looped.contains(c.getClass()))
        .toArray(ColumnWriter[]::new);
    startRowGroup();
  }

  private ColumnWriter[] ofKind(Class<?> kind) {
    return Arrays.stream(columns).filter(kind::isInstance).toArray(ColumnWriter[]::new);
  }

  private static BinaryLeaf binary(ColumnDescriptor descriptor, Set<String> dictionaryOff, long bloomNdv) {
    return new BinaryLeaf(descriptor, !dictionaryOff.contains(String.join(".", descriptor.getPath())), bloomNdv);
  }

  private <L extends Leaf> L add(L leaf) {
    leaves.add(leaf);
    return leaf;
  }

  @Override
  public void write(T row) throws IOException {
    if (failed) {
      throw new IllegalStateException("an earlier row of " + codec.table().name() + " failed half-written: "
          + "the file cannot take more rows");
    }
    // every value first: a row the codec refuses (a required column without value) leaves no column written; a
    // column given in place takes the row itself (it can have no value missing: RowCodec takes only nullable ones)
    for (int i = 0; i < columns.length; i++) {
      values[i] = givenInPlace[i] ? row : codec.value(row, i);
    }
    try {
      for (ColumnWriter column : inPlaceStrings) {
        column.write(row);
      }
      for (ColumnWriter column : inPlaceMaps) {
        column.write(row);
      }
      for (ColumnWriter column : inPlaceNumbers) {
        column.write(row);
      }
      for (ColumnWriter column : flatBinaries) {
        column.write(values[column.index]);
      }
      for (ColumnWriter column : flatNumbers) {
        column.write(values[column.index]);
      }
      for (ColumnWriter column : otherColumns) {
        column.write(values[column.index]);
      }
    } catch (RuntimeException | IOException e) {
      // some columns took the row and others not: a footer would describe columns of different lengths
      failed = true;
      throw e;
    }
    if (++rowsInGroup % ROW_GROUP_CHECK_ROWS == 0 && bufferedBytes() >= rowGroupBytes) {
      flushRowGroup();
      startRowGroup();
    }
  }

  private long bufferedBytes() {
    long bytes = 0;
    for (Leaf leaf : leaves) {
      bytes += leaf.pageWriter.getMemSize() + leaf.bufferedBytes();
    }
    return bytes;
  }

  private void startRowGroup() {
    pageStore = new ColumnChunkPageWriteStore(compressor, schema, HeapByteBufferAllocator.getInstance(),
        ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH, ParquetProperties.DEFAULT_PAGE_WRITE_CHECKSUM_ENABLED,
        file.getEncryptor(), rowGroupOrdinal);
    for (Leaf leaf : leaves) {
      leaf.startChunk(pageStore);
    }
  }

  private void flushRowGroup() throws IOException {
    for (Leaf leaf : leaves) {
      leaf.endChunk(pageStore);
    }
    file.startBlock(rowsInGroup);
    pageStore.flushToFileWriter(file);
    file.endBlock();
    rowGroupOrdinal++;
    rowsInGroup = 0;
  }

  /**
   * Ends the file with its footer; a file whose writing failed is closed without one (no reader takes it for a
   * table file), and the exception that failed it stands.
   */
  @Override
  public void close() throws IOException {
    try {
      if (!failed) {
        if (rowsInGroup > 0) {
          flushRowGroup();
        }
        file.end(footer); // closes the stream
      }
    } catch (RuntimeException | IOException e) {
      failed = true;
      throw e;
    } finally {
      if (failed) {
        out.closeQuietly();
      }
      codecs.release();
    }
  }

  /**
   * parquet-java's codec factory, with the zstd codec made from this file's settings: parquet-java keeps one codec
   * per class for the JVM's life, made from the settings of the first file written with it, so a later file's zstd
   * level ({@link TableFileWriter#ZSTD_LEVEL_KEY}) would be that first file's.
   */
  private static final class LevelledCodecs extends CodecFactory {
    LevelledCodecs(Configuration hadoop) {
      super(hadoop, PAGE_BYTES);
    }

    @Override
    protected CompressionCodec getCodec(CompressionCodecName name) {
      if (name != CompressionCodecName.ZSTD) {
        return super.getCodec(name);
      }
      ZstandardCodec zstd = new ZstandardCodec();
      zstd.setConf(configuration);
      return zstd;
    }
  }

  /**
   * The output file, holding the stream it opens: parquet-java's file writer closes it only when the footer is
   * written, and has no way to close it after a failure.
   */
  private static final class StreamOf extends WrappingOutputFile {
    private PositionOutputStream stream;

    StreamOf(OutputFile file) {
      super(file);
    }

    @Override
    PositionOutputStream wrap(PositionOutputStream opened) {
      return stream = opened;
    }

    void closeQuietly() {
      if (stream != null) {
        try {
          stream.close();
        } catch (IOException | RuntimeException e) {
          // the failure that brought us here is the one to report
        }
      }
    }
  }

  /**
   * Turns one column's value of a row (a column given in place: the row) into values of its leaf columns. A class,
   * not an interface: a call through an interface searches its table; and every kind is final, so that a loop over
   * one kind calls it directly.
   */
  private abstract static class ColumnWriter {
    /** The column's place in the table. */
    final int index;

    ColumnWriter(int index) {
      this.index = index;
    }

    abstract void write(Object value) throws IOException;
  }

  /**
   * A flat column's value into its leaf. Called from a writer whose leaf is of one final class, inlined there: the
   * leaf's calls are direct then.
   */
  private static void writeFlat(Leaf leaf, Object value) throws IOException {
    if (value == null) {
      leaf.addNull(0, 0);
    } else {
      leaf.add(value, 0);
    }
    leaf.endRow();
  }

  private static final class FlatBinary extends ColumnWriter {
    private final BinaryLeaf leaf;

    FlatBinary(int index, BinaryLeaf leaf) {
      super(index);
      this.leaf = leaf;
    }

    @Override
    void write(Object value) throws IOException {
      writeFlat(leaf, value);
    }
  }

  private static final class FlatNumber extends ColumnWriter {
    private final NumberLeaf leaf;

    FlatNumber(int index, NumberLeaf leaf) {
      super(index);
      this.leaf = leaf;
    }

    @Override
    void write(Object value) throws IOException {
      writeFlat(leaf, value);
    }
  }

  private static final class FlatBoolean extends ColumnWriter {
    private final BooleanLeaf leaf;

    FlatBoolean(int index, BooleanLeaf leaf) {
      super(index);
      this.leaf = leaf;
    }

    @Override
    void write(Object value) throws IOException {
      writeFlat(leaf, value);
    }
  }

  /** A string column given in place: the row's bytes go straight into the leaf, with no object per value. */
  private final class InPlaceString extends ColumnWriter implements RowCodec.Utf8Sink {
    private final BinaryLeaf leaf;

    InPlaceString(int index, BinaryLeaf leaf) {
      super(index);
      this.leaf = leaf;
    }

    @Override
    @SuppressWarnings("unchecked")
    void write(Object row) throws IOException {
      if (!codec.give((T) row, index, this)) {
        leaf.addNull(0, 0);
      }
      leaf.endRow();
    }

    @Override
    public void utf8(byte[] bytes, int offset, int length) {
      leaf.add(bytes, offset, length, 0);
    }
  }

  /** A number column given in place: the row's long goes into the leaf, with no box per value. */
  private final class InPlaceNumber extends ColumnWriter {
    private final NumberLeaf leaf;
    private final boolean required;

    InPlaceNumber(int index, NumberLeaf leaf, boolean required) {
      super(index);
      this.leaf = leaf;
      this.required = required;
    }

    @Override
    @SuppressWarnings("unchecked")
    void write(Object row) throws IOException {
      if (required || codec.hasNumber((T) row, index)) {
        leaf.addLong(codec.number((T) row, index), 0);
      } else {
        leaf.addNull(0, 0);
      }
      leaf.endRow();
    }
  }

  /** A map column given in place, its levels as {@link MapWriter}'s: no map, entry or value object per row. */
  private final class InPlaceMap extends ColumnWriter implements RowCodec.Utf8EntrySink {
    private final BinaryLeaf key;
    private final BinaryLeaf value;
    private int rep;

    InPlaceMap(int index, BinaryLeaf key, BinaryLeaf value) {
      super(index);
      this.key = key;
      this.value = value;
    }

    @Override
    @SuppressWarnings("unchecked")
    void write(Object row) throws IOException {
      rep = 0;
      codec.give((T) row, index, this);
      if (rep == 0) { // no entry: an empty map
        key.addNull(0, key.maxDef - 1);
        value.addNull(0, key.maxDef - 1);
      }
      key.endRow();
      value.endRow();
    }

    @Override
    public void entry(byte[] bytes, int keyOffset, int keyLength, int valueOffset, int valueLength) {
      key.add(bytes, keyOffset, keyLength, rep);
      if (valueLength < 0) {
        value.addNull(rep, key.maxDef);
      } else {
        value.add(bytes, valueOffset, valueLength, rep);
      }
      rep = 1;
    }
  }

  /**
   * A map's entries as its key and value leaves: the first entry of a row at repetition level 0, the others at
   * 1; an empty map one null at the map's own definition level, a null map (of an optional column) at 0.
   */
  private static final class MapWriter extends ColumnWriter {
    private final BinaryLeaf key;
    private final BinaryLeaf value;

    MapWriter(int index, BinaryLeaf key, BinaryLeaf value) {
      super(index);
      this.key = key;
      this.value = value;
    }

    @Override
    void write(Object column) throws IOException {
      int mapDefined = key.maxDef - 1;
      if (column == null || ((Map<?, ?>) column).isEmpty()) {
        int def = column == null ? 0 : mapDefined;
        key.addNull(0, def);
        value.addNull(0, def);
      } else {
        int rep = 0;
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) column).entrySet()) {
          key.add(entry.getKey(), rep);
          if (entry.getValue() == null) {
            value.addNull(rep, key.maxDef);
          } else {
            value.add(entry.getValue(), rep);
          }
          rep = 1;
        }
      }
      key.endRow();
      value.endRow();
    }
  }

  /**
   * A list of strings as its element leaf: the first element of a row at repetition level 0, the others at 1;
   * an empty list one null at the list's own definition level, a null element one level above it.
   */
  private static final class ListWriter extends ColumnWriter {
    private final BinaryLeaf element;

    ListWriter(int index, BinaryLeaf element) {
      super(index);
      this.element = element;
    }

    @Override
    void write(Object column) throws IOException {
      int listDefined = element.maxDef - 2;
      List<?> list = (List<?>) column;
      if (list == null || list.isEmpty()) {
        element.addNull(0, list == null ? 0 : listDefined);
      } else {
        int rep = 0;
        for (Object value : list) {
          if (value == null) {
            element.addNull(rep, listDefined + 1);
          } else {
            element.add(value, rep);
          }
          rep = 1;
        }
      }
      element.endRow();
    }
  }

  /** A critical path (a list of span id and self time) as its two leaves, levels as in {@link ListWriter}. */
  private static final class PathStepsWriter extends ColumnWriter {
    private final BinaryLeaf spanId;
    private final NumberLeaf selfUs;

    PathStepsWriter(int index, BinaryLeaf spanId, NumberLeaf selfUs) {
      super(index);
      this.spanId = spanId;
      this.selfUs = selfUs;
    }

    @Override
    void write(Object column) throws IOException {
      int listDefined = spanId.maxDef - 3;
      List<?> steps = (List<?>) column;
      if (steps == null || steps.isEmpty()) {
        int def = steps == null ? 0 : listDefined;
        spanId.addNull(0, def);
        selfUs.addNull(0, def);
      } else {
        int rep = 0;
        for (Object element : steps) {
          if (element == null) {
            spanId.addNull(rep, listDefined + 1);
            selfUs.addNull(rep, listDefined + 1);
          } else {
            TraceSummary.PathStep step = (TraceSummary.PathStep) element;
            if (step.spanId() == null) {
              spanId.addNull(rep, listDefined + 2);
            } else {
              spanId.add(step.spanId(), rep);
            }
            selfUs.add(step.selfUs(), rep);
          }
          rep = 1;
        }
      }
      spanId.endRow();
      selfUs.endRow();
    }
  }

  /** One leaf column: its page's levels and values, written as a V1 data page when full. */
  private abstract static class Leaf {
    final ColumnDescriptor descriptor;
    final PrimitiveType type;
    final int maxDef;
    final int maxRep;
    PageWriter pageWriter;
    private int[] defs = new int[1024];
    private int[] reps = new int[1024];
    private final GrowingBytes levels = new GrowingBytes(1024);
    /** Level entries (values and nulls) in the page. */
    int count;
    int nulls;
    private int rows;

    Leaf(ColumnDescriptor descriptor) {
      this.descriptor = descriptor;
      this.type = descriptor.getPrimitiveType();
      this.maxDef = descriptor.getMaxDefinitionLevel();
      this.maxRep = descriptor.getMaxRepetitionLevel();
    }

    final void addNull(int rep, int def) {
      levels(rep, def);
      nulls++;
    }

    /**
     * Keeps a value's levels for the page; a level whose maximum is 0 (every level of a top-level column's
     * repetition, of a required column's definition) is not written to the page, so it is not kept either.
     */
    final void levels(int rep, int def) {
      if (count == defs.length) {
        defs = Arrays.copyOf(defs, count * 2);
        reps = Arrays.copyOf(reps, count * 2);
      }
      if (maxDef > 0) {
        defs[count] = def;
      }
      if (maxRep > 0) {
        reps[count] = rep;
      }
      count++;
    }

    /** Adds a non-null value (its definition level the column's maximum). */
    abstract void add(Object value, int rep);

    final void endRow() throws IOException {
      if (++rows >= PAGE_ROWS || bufferedBytes() >= PAGE_BYTES) {
        flushPage();
      }
    }

    final void flushPage() throws IOException {
      if (count == 0) {
        return;
      }
      levels.reset();
      encodeLevels(reps, maxRep);
      encodeLevels(defs, maxDef);
      Statistics<?> statistics = Statistics.createStats(type);
      BytesInput values = finishValues(statistics);
      statistics.incrementNumNulls(nulls);
      pageWriter.writePage(BytesInput.concat(levels.view(), values), count, rows, statistics,
          maxRep > 0 ? Encoding.RLE : Encoding.BIT_PACKED, maxDef > 0 ? Encoding.RLE : Encoding.BIT_PACKED,
          valuesEncoding());
      resetPage(); // before the counts are cleared: it reads them
      count = 0;
      nulls = 0;
      rows = 0;
    }

    /** A level column as a V1 page holds it: its byte length, then the hybrid encoding (nothing at max level 0). */
    private void encodeLevels(int[] values, int maxLevel) {
      if (maxLevel == 0) {
        return;
      }
      int lengthAt = levels.size();
      levels.putInt(0);
      HybridEncoding.encode(values, count, HybridEncoding.bitWidth(maxLevel), levels);
      levels.setInt(lengthAt, levels.size() - lengthAt - 4);
    }

    void startChunk(ColumnChunkPageWriteStore store) {
      pageWriter = store.getPageWriter(descriptor);
    }

    void endChunk(ColumnChunkPageWriteStore store) throws IOException {
      flushPage();
    }

    /** Clears the page's values once it is written; {@code count} and {@code nulls} still hold the page's. */
    abstract void resetPage();

    /** Bytes the page's values take so far, as parquet-java counts them to end a page (and a row group). */
    abstract long bufferedBytes();

    /**
     * Ends the page's values and gives them encoded (once per page: it may still decide the encoding, and pads a
     * last partial byte); their min and max go into {@code statistics}.
     */
    abstract BytesInput finishValues(Statistics<?> statistics) throws IOException;

    abstract Encoding valuesEncoding();
  }

  /** A leaf whose values are plain-encoded into one buffer. */
  private abstract static class PlainLeaf extends Leaf {
    final GrowingBytes plain;

    PlainLeaf(ColumnDescriptor descriptor, int capacity) {
      super(descriptor);
      this.plain = new GrowingBytes(capacity);
    }

    @Override
    final long bufferedBytes() {
      return plain.size();
    }

    @Override
    final Encoding valuesEncoding() {
      return Encoding.PLAIN;
    }

    @Override
    final void resetPage() {
      plain.reset();
      resetValues();
    }

    /** Clears what the leaf keeps of the page's values besides their bytes. */
    abstract void resetValues();
  }

  /** INT32, INT64 (times too) and DOUBLE values, plain-encoded. */
  private static final class NumberLeaf extends PlainLeaf {
    private final PrimitiveType.PrimitiveTypeName kind;
    /**
     * The page's min and max, kept here and handed to the page's statistics once: parquet-java's statistics
     * compare through a comparator object on every value. NaN is kept apart and handed over as a value of its own,
     * so the statistics treat it as they would have value by value.
     */
    private long minLong = Long.MAX_VALUE;
    private long maxLong = Long.MIN_VALUE;
    private double minDouble = Double.POSITIVE_INFINITY;
    private double maxDouble = Double.NEGATIVE_INFINITY;
    private boolean sawNumber;
    private boolean sawNaN;

    NumberLeaf(ColumnDescriptor descriptor) {
      super(descriptor, 1 << 16);
      this.kind = type.getPrimitiveTypeName();
      if (kind != PrimitiveType.PrimitiveTypeName.INT32 && kind != PrimitiveType.PrimitiveTypeName.INT64
          && kind != PrimitiveType.PrimitiveTypeName.DOUBLE) {
        throw new IllegalArgumentException("no plain writer for " + kind);
      }
    }

    @Override
    void add(Object value, int rep) {
      if (kind == PrimitiveType.PrimitiveTypeName.DOUBLE) {
        levels(rep, maxDef);
        double v = ((Number) value).doubleValue();
        plain.putLong(Double.doubleToLongBits(v));
        if (Double.isNaN(v)) {
          sawNaN = true;
        } else {
          minDouble = Math.min(minDouble, v);
          maxDouble = Math.max(maxDouble, v);
          sawNumber = true;
        }
        return;
      }
      addLong(((Number) value).longValue(), rep);
    }

    /** Adds a value of an INT32 (which it fits) or an INT64 column. */
    void addLong(long v, int rep) {
      levels(rep, maxDef);
      if (kind == PrimitiveType.PrimitiveTypeName.INT32) {
        plain.putInt((int) v);
      } else {
        plain.putLong(v);
      }
      minLong = Math.min(minLong, v);
      maxLong = Math.max(maxLong, v);
      sawNumber = true;
    }

    @Override
    BytesInput finishValues(Statistics<?> statistics) {
      if (sawNumber) {
        switch (kind) {
          case INT32 -> {
            statistics.updateStats((int) minLong);
            statistics.updateStats((int) maxLong);
          }
          case INT64 -> {
            statistics.updateStats(minLong);
            statistics.updateStats(maxLong);
          }
          default -> {
            statistics.updateStats(minDouble);
            statistics.updateStats(maxDouble);
          }
        }
      }
      if (sawNaN) {
        statistics.updateStats(Double.NaN);
      }
      return plain.view();
    }

    @Override
    void resetValues() {
      minLong = Long.MAX_VALUE;
      maxLong = Long.MIN_VALUE;
      minDouble = Double.POSITIVE_INFINITY;
      maxDouble = Double.NEGATIVE_INFINITY;
      sawNumber = false;
      sawNaN = false;
    }
  }

  /** BOOLEAN values, plain-encoded (one bit each). */
  private static final class BooleanLeaf extends PlainLeaf {
    private int bits;
    private int held;
    private boolean sawTrue;
    private boolean sawFalse;

    BooleanLeaf(ColumnDescriptor descriptor) {
      super(descriptor, 1 << 12);
    }

    @Override
    void add(Object value, int rep) {
      levels(rep, maxDef);
      boolean v = (Boolean) value;
      sawTrue |= v;
      sawFalse |= !v;
      bits |= (v ? 1 : 0) << held;
      if (++held == 8) {
        plain.put((byte) bits);
        bits = 0;
        held = 0;
      }
    }

    @Override
    BytesInput finishValues(Statistics<?> statistics) {
      if (held > 0) {
        plain.put((byte) bits);
      }
      if (sawFalse) {
        statistics.updateStats(false);
      }
      if (sawTrue) {
        statistics.updateStats(true);
      }
      return plain.view();
    }

    @Override
    void resetValues() {
      bits = 0;
      held = 0;
      sawTrue = false;
      sawFalse = false;
    }
  }

  /**
   * BINARY (string) values: dictionary-encoded while the chunk's dictionary stays under 1 MB and makes the first
   * page smaller, plain otherwise; with a bloom filter when the table has one on the column.
   */
  private static final class BinaryLeaf extends Leaf {
    private final boolean dictionaryAllowed;
    private final long bloomNdv;
    private BlockSplitBloomFilter bloom;
    private final GrowingBytes lastBloomed = new GrowingBytes(64);
    private boolean bloomedAny;

    /** Plain values of the page: a 4-byte length, then the bytes, each. */
    private final GrowingBytes plain = new GrowingBytes(1 << 16);
    private final GrowingBytes min = new GrowingBytes(64);
    private final GrowingBytes max = new GrowingBytes(64);
    private boolean hasMinMax;

    /** The chunk's dictionary: its entries as the dictionary page holds them (length, bytes). */
    private boolean dictionaryOn;
    private boolean dictionaryUsed;
    private boolean firstPage;
    private final GrowingBytes dictionary = new GrowingBytes(1 << 12);
    private int[] entryStart = new int[256];
    private int entries;
    /**
     * The dictionary's hash table, open addressing: each slot an entry's hash in the high half and its id + 1 in the
     * low one (0 when empty), so a probe reads one array until the hash matches.
     */
    private long[] slots = new long[512];
    private int lastId = -1;
    /** The page's ids, the distinct ones among them, and the plain size they stand for. */
    private int[] ids = new int[1024];
    private int[] pageIds = new int[256];
    private int[] seenOnPage = new int[256];
    private int pageIdCount;
    private int pageNumber = 1;
    private long plainEquivalent;
    private final GrowingBytes encodedIds = new GrowingBytes(1 << 12);
    /** How the last page's values were encoded: plain, or as dictionary ids. */
    private Encoding pageEncoding = Encoding.PLAIN;

    /**
     * The dictionary ids of the last value objects added, by their identity: a String made once per distinct value
     * (a service, a span kind's code) or a file's constant Binary (its name) comes again row after row, though not
     * always in a row, and is then added by its id without its bytes hashed or compared. Cleared with the
     * dictionary, at each chunk; unused once the chunk has fallen back to plain values, and for bloom-filtered
     * columns (their values are ids, each met once or twice).
     */
    private final Object[] knownValues = new Object[KNOWN_VALUES];
    private final int[] knownIds = new int[KNOWN_VALUES];
    private static final int KNOWN_VALUES = 64; // a power of two

    /** A String value's bytes, kept while the same String comes again (a code, an enum's name). */
    private String lastString;
    private byte[] lastStringBytes;
    /** Where a constant Binary's bytes lie, kept while the same Binary comes again (a file's name, its source's). */
    private Binary lastBinary;
    private byte[] lastBinaryBytes;
    private int lastBinaryOffset;
    private int lastBinaryLength;

    BinaryLeaf(ColumnDescriptor descriptor, boolean dictionaryAllowed, long bloomNdv) {
      super(descriptor);
      this.dictionaryAllowed = dictionaryAllowed;
      this.bloomNdv = bloomNdv;
    }

    @Override
    void startChunk(ColumnChunkPageWriteStore store) {
      super.startChunk(store);
      dictionaryOn = dictionaryAllowed;
      dictionaryUsed = false;
      firstPage = true;
      dictionary.reset();
      if (entries > 0) {
        Arrays.fill(slots, 0);
        entries = 0;
      }
      lastId = -1;
      Arrays.fill(knownValues, null);
      if (bloomNdv > 0) {
        int bits = BlockSplitBloomFilter.optimalNumOfBits(bloomNdv, ParquetProperties.DEFAULT_BLOOM_FILTER_FPP);
        bloom = new BlockSplitBloomFilter(bits / 8, ParquetProperties.DEFAULT_MAX_BLOOM_FILTER_BYTES);
        bloomedAny = false;
      }
    }

    @Override
    void endChunk(ColumnChunkPageWriteStore store) throws IOException {
      super.endChunk(store);
      if (dictionaryUsed) {
        pageWriter.writeDictionaryPage(new DictionaryPage(BytesInput.from(dictionary.array(), 0, dictionary.size()),
            entries, Encoding.PLAIN_DICTIONARY));
      }
      if (bloom != null) {
        store.getBloomFilterWriter(descriptor).writeBloomFilter(bloom);
      }
    }

    @Override
    void add(Object value, int rep) {
      // only values whose bytes cannot change: Strings and constant Binaries (not a byte[], not a reused Binary)
      if (!dictionaryOn || bloom != null
          || !(value instanceof String || value instanceof Binary binary && !binary.isBackingBytesReused())) {
        addBytes(value, rep);
        return;
      }
      int known = System.identityHashCode(value) & (KNOWN_VALUES - 1);
      if (knownValues[known] == value) {
        levels(rep, maxDef);
        int id = knownIds[known];
        addId(id, entryLength(id));
        return;
      }
      int id = addBytes(value, rep);
      if (id >= 0) {
        knownValues[known] = value;
        knownIds[known] = id;
      }
    }

    /** Adds a value by its bytes; its dictionary id, or -1 when it went in plain. */
    private int addBytes(Object value, int rep) {
      if (value instanceof Binary binary) {
        if (binary == lastBinary) {
          return add(lastBinaryBytes, lastBinaryOffset, lastBinaryLength, rep);
        }
        ByteBuffer buffer = binary.toByteBuffer();
        if (buffer.hasArray()) {
          if (!binary.isBackingBytesReused()) { // the same object has the same bytes next time
            lastBinary = binary;
            lastBinaryBytes = buffer.array();
            lastBinaryOffset = buffer.arrayOffset() + buffer.position();
            lastBinaryLength = buffer.remaining();
          }
          return add(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), rep);
        }
        byte[] bytes = binary.getBytes();
        return add(bytes, 0, bytes.length, rep);
      } else if (value instanceof String string) {
        if (string != lastString) {
          lastString = string;
          lastStringBytes = string.getBytes(StandardCharsets.UTF_8);
        }
        return add(lastStringBytes, 0, lastStringBytes.length, rep);
      } else {
        byte[] bytes = (byte[]) value;
        return add(bytes, 0, bytes.length, rep);
      }
    }

    /** Adds a value's bytes, in place; its dictionary id, or -1 when it went in plain. */
    private int add(byte[] src, int offset, int length, int rep) {
      levels(rep, maxDef);
      if (bloom != null) {
        bloom(src, offset, length);
      }
      if (dictionaryOn) {
        int id = idOf(src, offset, length);
        if (id >= 0) {
          addId(id, length);
          return id;
        }
        fallBack(count - nulls - 1);
      }
      addPlain(src, offset, length);
      return -1;
    }

    /** The value just counted by {@link #levels} is dictionary entry {@code id}, of {@code length} bytes. */
    private void addId(int id, int length) {
      if (count - nulls - 1 == ids.length) {
        ids = Arrays.copyOf(ids, ids.length * 2);
      }
      ids[count - nulls - 1] = id;
      if (seenOnPage[id] != pageNumber) {
        seenOnPage[id] = pageNumber;
        if (pageIdCount == pageIds.length) {
          pageIds = Arrays.copyOf(pageIds, pageIdCount * 2);
        }
        pageIds[pageIdCount++] = id;
      }
      plainEquivalent += 4 + length;
    }

    /** The dictionary id of a value, added if new; -1 when adding it would make the dictionary too big. */
    private int idOf(byte[] src, int offset, int length) {
      if (lastId >= 0 && sameAsEntry(lastId, src, offset, length)) {
        return lastId;
      }
      int hash = ByteHash.of(src, offset, length);
      int mask = slots.length - 1;
      int slot = hash & mask;
      for (long entry; (entry = slots[slot]) != 0; slot = (slot + 1) & mask) {
        if ((int) (entry >>> 32) == hash) {
          int id = (int) entry - 1;
          if (sameAsEntry(id, src, offset, length)) {
            return lastId = id;
          }
        }
      }
      if (dictionary.size() + 4 + length > DICTIONARY_BYTES) {
        return -1;
      }
      int id = entries++;
      if (id == entryStart.length) {
        entryStart = Arrays.copyOf(entryStart, id * 2);
        seenOnPage = Arrays.copyOf(seenOnPage, id * 2);
      }
      dictionary.putInt(length);
      entryStart[id] = dictionary.size();
      dictionary.put(src, offset, length);
      slots[slot] = ((long) hash << 32) | (id + 1);
      if (entries * 2 > slots.length) {
        rehash(slots.length * 2);
      }
      return lastId = id;
    }

    private boolean sameAsEntry(int id, byte[] src, int offset, int length) {
      int start = entryStart[id];
      return entryLength(id) == length
          && ByteRanges.equal(dictionary.array(), start, src, offset, length);
    }

    private int entryLength(int id) {
      return GrowingBytes.intAt(dictionary.array(), entryStart[id] - 4);
    }

    private void rehash(int size) {
      long[] old = slots;
      slots = new long[size];
      int mask = size - 1;
      for (long entry : old) {
        if (entry != 0) {
          int slot = (int) (entry >>> 32) & mask;
          while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
          }
          slots[slot] = entry;
        }
      }
    }

    /** Inserts a value into the bloom filter unless it equals the one inserted last (rows come sorted). */
    private void bloom(byte[] src, int offset, int length) {
      if (bloomedAny && lastBloomed.size() == length
          && ByteRanges.equal(lastBloomed.array(), 0, src, offset, length)) {
        return;
      }
      bloom.insertHash(bloom.hash(Binary.fromConstantByteArray(src, offset, length)));
      lastBloomed.reset();
      lastBloomed.put(src, offset, length);
      bloomedAny = true;
    }

    private void addPlain(byte[] src, int offset, int length) {
      plain.putInt(length);
      plain.put(src, offset, length);
      if (!hasMinMax) {
        min.put(src, offset, length);
        max.put(src, offset, length);
        hasMinMax = true;
        return;
      }
      // a value whose first byte lies strictly between the least and the greatest value's first bytes changes
      // neither: one byte says so for most values of a column of varied texts, without comparing the whole value
      if (length > 0 && min.size() > 0) {
        int first = src[offset] & 0xFF;
        if (first > (min.array()[0] & 0xFF) && first < (max.array()[0] & 0xFF)) {
          return;
        }
      }
      if (Arrays.compareUnsigned(src, offset, offset + length, min.array(), 0, min.size()) < 0) {
        min.reset();
        min.put(src, offset, length);
      } else if (Arrays.compareUnsigned(src, offset, offset + length, max.array(), 0, max.size()) > 0) {
        max.reset();
        max.put(src, offset, length);
      }
    }

    /** From here on the chunk is plain: the page's values so far are rewritten plain from their ids. */
    private void fallBack(int idCount) {
      dictionaryOn = false;
      byte[] entriesBytes = dictionary.array();
      for (int i = 0; i < idCount; i++) {
        int id = ids[i];
        addPlain(entriesBytes, entryStart[id], entryLength(id));
      }
    }

    /**
     * As parquet-java sizes a page of a column that may have a dictionary: by the bytes its values take plain, in
     * whatever encoding they are kept. The dictionary (at most 1 MB a chunk, written once) does not count: counted,
     * it made every page of a chunk whose dictionary had filled up one row long.
     */
    @Override
    long bufferedBytes() {
      return dictionaryOn ? plainEquivalent : plain.size();
    }

    @Override
    BytesInput finishValues(Statistics<?> statistics) throws IOException {
      int values = count - nulls;
      pageEncoding = Encoding.PLAIN;
      if (dictionaryOn && values > 0) {
        encodedIds.reset();
        int bitWidth = HybridEncoding.bitWidth(entries - 1);
        encodedIds.put((byte) bitWidth);
        HybridEncoding.encode(ids, values, bitWidth, encodedIds);
        if (firstPage && !dictionaryUsed && encodedIds.size() + dictionary.size() >= plainEquivalent) {
          // as parquet-java: a dictionary that does not make the first page smaller is dropped for the chunk
          fallBack(values);
        } else {
          dictionaryUsed = true;
          int minId = pageIds[0];
          int maxId = pageIds[0];
          byte[] bytes = dictionary.array();
          for (int i = 1; i < pageIdCount; i++) {
            int id = pageIds[i];
            if (compareEntries(bytes, id, minId) < 0) {
              minId = id;
            } else if (compareEntries(bytes, id, maxId) > 0) {
              maxId = id;
            }
          }
          statistics.updateStats(Binary.fromReusedByteArray(bytes, entryStart[minId], entryLength(minId)));
          statistics.updateStats(Binary.fromReusedByteArray(bytes, entryStart[maxId], entryLength(maxId)));
          pageEncoding = Encoding.PLAIN_DICTIONARY;
          return encodedIds.view();
        }
      }
      if (hasMinMax) {
        statistics.updateStats(Binary.fromReusedByteArray(min.array(), 0, min.size()));
        statistics.updateStats(Binary.fromReusedByteArray(max.array(), 0, max.size()));
      }
      return plain.view();
    }

    private int compareEntries(byte[] bytes, int a, int b) {
      int startA = entryStart[a];
      int startB = entryStart[b];
      return Arrays.compareUnsigned(bytes, startA, startA + entryLength(a), bytes, startB, startB + entryLength(b));
    }

    @Override
    Encoding valuesEncoding() {
      return pageEncoding;
    }

    @Override
    void resetPage() {
      plain.reset();
      min.reset();
      max.reset();
      hasMinMax = false;
      pageIdCount = 0;
      pageNumber++;
      // the dictionary's first-page check waits for a page with values (a chunk may begin with null trace ids)
      firstPage &= count == nulls;
      plainEquivalent = 0;
    }
  }

}
