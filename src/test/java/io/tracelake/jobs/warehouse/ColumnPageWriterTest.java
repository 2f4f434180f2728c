package io.tracelake.jobs.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.KindSource;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParentSource;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TimeSource;
import io.tracelake.model.TimingSource;
import io.tracelake.model.RootSource;
import io.tracelake.model.TraceSummary;
import io.tracelake.model.schema.Column;
import io.tracelake.model.schema.ColumnType;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page writer against parquet-java's record writer on the same rows: the same values read back by us and by
 * Spark, the same statistics, bloom filters that find every id, column indexes that let a lookup skip pages, and
 * dictionaries that fall back to plain encoding where parquet-java's would.
 */
@SuppressWarnings("unchecked")
class ColumnPageWriterTest extends SparkTestBase {

  @TempDir
  Path dir;

  private static final String HEX = "0123456789abcdef";

  private static String hex(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(HEX.charAt(random.nextInt(16)));
    }
    return s.toString();
  }

  private static String text(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      // some multi-byte UTF-8 and some bytes above 0x7f first: min/max compare bytes unsigned
      int pick = random.nextInt(40);
      s.append(pick == 0 ? 'é' : pick == 1 ? '→' : (char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }

  /**
   * Events as a day's events file holds them: sorted by trace, a few services, hosts by position, some columns mostly
   * null, attribute maps of 0 to 4 entries (some values null), unique messages; {@code thread} takes its values
   * from 100 names for the first 25,000 rows and unique long names after, so its dictionary outgrows 1 MB in the
   * middle of a chunk whose first pages were dictionary-encoded.
   */
  private static List<TableCodecs.EventEntry> events(int count, long seed) {
    Random random = new Random(seed);
    List<String> traces = new ArrayList<>(new TreeSet<>(randomIds(random, count / 8)));
    List<TableCodecs.EventEntry> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String traceId = random.nextInt(20) == 0 ? null : traces.get(i * traces.size() / count);
      Map<String, String> attributes = new LinkedHashMap<>();
      for (int a = random.nextInt(5); a > 0; a--) {
        attributes.put("key" + random.nextInt(12), random.nextInt(10) == 0 ? null : "v" + random.nextInt(500));
      }
      LogEvent.Builder event = LogEvent.builder(1_763_600_000_000_000L + random.nextInt(1_000_000_000))
          .level(List.of("INFO", "WARN", "ERROR", "DEBUG").get(random.nextInt(4)))
          .service("svc-" + random.nextInt(5))
          .instance(random.nextInt(30) == 0 ? null : "host-" + random.nextInt(20))
          .logger("com.example.Logger" + random.nextInt(50))
          .thread("worker-" + random.nextInt(100))
          .message("message " + i + " " + text(random, random.nextInt(120)))
          .traceId(traceId)
          .spanId(random.nextBoolean() ? hex(random, 16) : null)
          .parentSpanId(random.nextInt(3) == 0 ? hex(random, 16) : null)
          .attributes(attributes)
          .timeSource(random.nextInt(50) == 0 ? TimeSource.ENVELOPE : TimeSource.LINE);
      if (random.nextInt(10) == 0) {
        event.httpMethod("GET").httpPath("/orders/" + random.nextInt(100)).httpStatus(200 + random.nextInt(400))
            .durationUs((long) random.nextInt(5_000_000));
      }
      if (random.nextInt(25) == 0) {
        event.exceptionType("java.io.IOException").exceptionMessage(text(random, 200));
      }
      events.add(new TableCodecs.EventEntry(event.build(), "app", "file:/logs/app-" + random.nextInt(10) + ".log",
          i + 1, random.nextInt(20) == 0 ? 3 : 1));
    }
    events.sort((a, b) -> a.event().traceId() == null ? (b.event().traceId() == null ? 0 : -1)
        : b.event().traceId() == null ? 1 : a.event().traceId().compareTo(b.event().traceId()));
    for (int i = 0; i < count; i++) {
      TableCodecs.EventEntry e = events.get(i);
      LogEvent.Builder event = e.event().toBuilder()
          // hosts by position in the file: each page holds a few of the file's hosts, not all of them
          .instance(i % 30 == 0 ? null : String.format(Locale.ROOT, "host-%02d", i / 7_000));
      if (i >= 25_000) {
        event.thread("pool-" + i + "-" + text(random, 200));
      }
      events.set(i, new TableCodecs.EventEntry(event.build(), e.source(), e.sourceFile(), e.lineNumber(),
          e.lineCount()));
    }
    return events;
  }

  private static Set<String> randomIds(Random random, int count) {
    Set<String> ids = new TreeSet<>();
    while (ids.size() < count) {
      ids.add(hex(random, 32));
    }
    return ids;
  }

  private <T> org.apache.hadoop.fs.Path write(RowCodec<T> codec, List<T> rows, String name, Configuration hadoop,
      boolean recordWriter) throws Exception {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve(name).toString());
    try (TableFileWriter<T> out = TableFileWriter.create(codec, file, hadoop, 5_000, true, recordWriter)) {
      for (T row : rows) {
        out.write(row);
      }
    }
    return file;
  }

  private static List<List<Object>> read(Table table, org.apache.hadoop.fs.Path file, Configuration hadoop)
      throws Exception {
    return TableFiles.readAll(table, file, hadoop).stream().map(RowView::values).toList();
  }

  @Test
  void eventsReadBackAsTheRecordWriterWritesThemWithTheSameStatisticsAndWorkingLookups() throws Exception {
    Configuration hadoop = new Configuration();
    hadoop.setLong(TableFileWriter.ROW_GROUP_BYTES_KEY, 6L << 20); // several row groups
    List<TableCodecs.EventEntry> rows = events(60_000, 17);
    org.apache.hadoop.fs.Path pages = write(TableCodecs.EVENTS, rows, "pages.parquet", hadoop, false);
    org.apache.hadoop.fs.Path records = write(TableCodecs.EVENTS, rows, "records.parquet", hadoop, true);

    List<List<Object>> expected = new ArrayList<>();
    for (TableCodecs.EventEntry row : rows) {
      expected.add(TableCodecs.EVENTS.view(row).values());
    }
    assertThat(read(Tables.EVENTS, records, hadoop)).isEqualTo(expected);
    assertThat(read(Tables.EVENTS, pages, hadoop)).isEqualTo(expected);

    // Spark's vectorized reader (dictionary pages, plain pages, nested maps) gives the same frame for both
    Dataset<Row> bySpark = spark().read().parquet(pages.toString());
    assertDataFrameEquals(spark().read().parquet(records.toString()), bySpark, assertDataFrameEquals$default$3());

    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(pages, hadoop));
        ParquetFileReader baseline = ParquetFileReader.open(HadoopInputFile.fromPath(records, hadoop))) {
      List<BlockMetaData> groups = reader.getFooter().getBlocks();
      assertThat(groups).hasSizeGreaterThan(1);
      assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData())
          .isEqualTo(baseline.getFooter().getFileMetaData().getKeyValueMetaData());
      // every column's min, max and null count over the file, as the record writer's statistics say
      assertThat(fileStatistics(groups)).isEqualTo(fileStatistics(baseline.getFooter().getBlocks()));
      assertPagesAsLargeAsTheRecordWriters(reader, baseline);

      // each row group's statistics hold for its rows; its bloom filter finds every trace id in it
      int first = 0;
      for (BlockMetaData group : groups) {
        List<TableCodecs.EventEntry> groupRows = rows.subList(first, first + (int) group.getRowCount());
        first += (int) group.getRowCount();
        ColumnChunkMetaData traceIds = chunk(group, "trace_id");
        assertThat(traceIds.getEncodings()).doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        BloomFilter bloom = reader.readBloomFilter(traceIds);
        Set<String> ids = new TreeSet<>();
        for (TableCodecs.EventEntry row : groupRows) {
          if (row.event().traceId() != null) {
            ids.add(row.event().traceId());
            assertThat(bloom.findHash(bloom.hash(Binary.fromString(row.event().traceId())))).isTrue();
          }
        }
        Statistics<?> stats = traceIds.getStatistics();
        assertThat(stats.minAsString()).isEqualTo(((TreeSet<String>) ids).first());
        assertThat(stats.maxAsString()).isEqualTo(((TreeSet<String>) ids).last());
        assertThat(stats.getNumNulls()).isEqualTo(groupRows.stream().filter(r -> r.event().traceId() == null).count());
        int absentFound = 0;
        for (String absent : randomIds(new Random(99), 1_000)) {
          absentFound += bloom.findHash(bloom.hash(Binary.fromString(absent))) ? 1 : 0;
        }
        assertThat(absentFound).as("false positives of 1,000 absent ids").isLessThan(50);
      }
      assertThat(first).isEqualTo(rows.size());

      // each page's min and max in the column index are those of its rows, for dictionary-encoded columns too
      // (taken from the entries the page uses) and for plain ones
      first = 0;
      for (BlockMetaData group : groups) {
        for (String column : List.of("instance", "service", "logger", "http_path", "span_id")) {
          ColumnChunkMetaData chunk = chunk(group, column);
          org.apache.parquet.internal.column.columnindex.ColumnIndex index = reader.readColumnIndex(chunk);
          org.apache.parquet.internal.column.columnindex.OffsetIndex offsets = reader.readOffsetIndex(chunk);
          for (int page = 0; page < offsets.getPageCount(); page++) {
            int from = first + (int) offsets.getFirstRowIndex(page);
            int to = first + (page + 1 < offsets.getPageCount() ? (int) offsets.getFirstRowIndex(page + 1)
                : (int) group.getRowCount());
            List<String> values = new ArrayList<>();
            for (TableCodecs.EventEntry row : rows.subList(from, to)) {
              String value = (String) TableCodecs.EVENTS.view(row).values().get(Tables.EVENTS.indexOf(column));
              if (value != null) {
                values.add(value);
              }
            }
            values.sort(java.util.Comparator.comparing(v -> v.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Arrays::compareUnsigned));
            String where = column + " page " + page + " of a row group";
            assertThat(index.getNullPages().get(page)).as(where).isEqualTo(values.isEmpty());
            if (!values.isEmpty()) {
              assertThat(java.nio.charset.StandardCharsets.UTF_8.decode(index.getMinValues().get(page)).toString())
                  .as(where).isEqualTo(values.get(0));
              assertThat(java.nio.charset.StandardCharsets.UTF_8.decode(index.getMaxValues().get(page)).toString())
                  .as(where).isEqualTo(values.get(values.size() - 1));
            }
          }
          assertThat(offsets.getPageCount()).as(column).isPositive();
        }
        first += (int) group.getRowCount();
      }

      // thread's dictionary outgrew 1 MB in a row group: its chunk holds dictionary pages and plain ones
      assertThat(groups.stream().map(group -> chunk(group, "thread").getEncodings()).toList())
          .anyMatch(encodings -> encodings.containsAll(List.of(Encoding.PLAIN_DICTIONARY, Encoding.PLAIN)));
      assertThat(chunk(groups.get(0), "service").getEncodings()).contains(Encoding.PLAIN_DICTIONARY);
      assertThat(chunk(groups.get(0), "message").getEncodings()).doesNotContain(Encoding.PLAIN_DICTIONARY);
    }

    // a lookup by trace id skips row groups and pages (statistics, bloom filters, column indexes) about as well as
    // in the record writer's file (whose pages end at other rows)
    String wanted = rows.get(rows.size() / 2).event().traceId();
    long expectedRows = rows.stream().filter(r -> wanted.equals(r.event().traceId())).count();
    long candidates = candidateRows(pages, hadoop, wanted);
    assertThat(candidates).isGreaterThanOrEqualTo(expectedRows).isLessThan(rows.size() / 3)
        .isLessThanOrEqualTo(candidateRows(records, hadoop, wanted) * 5 / 4);
  }

  /** Rows a filtered read of one trace id gets past the row-group and page filters. */
  private static long candidateRows(org.apache.hadoop.fs.Path file, Configuration hadoop, String traceId)
      throws Exception {
    ParquetReadOptions options = ParquetReadOptions.builder()
        .withRecordFilter(FilterCompat.get(FilterApi.eq(FilterApi.binaryColumn("trace_id"), Binary.fromString(traceId))))
        .useColumnIndexFilter(true).useBloomFilter(true).useStatsFilter(true).build();
    long candidates = 0;
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, hadoop), options)) {
      for (PageReadStore group = reader.readNextFilteredRowGroup(); group != null;
          group = reader.readNextFilteredRowGroup()) {
        candidates += group.getRowCount();
      }
    }
    return candidates;
  }

  @Test
  void spansWithBooleansDoublesAndNullsReadBackAsTheRecordWriterWritesThem() throws Exception {
    Configuration hadoop = new Configuration();
    Random random = new Random(5);
    List<TableCodecs.PlacedSpan> rows = new ArrayList<>();
    for (String trace : randomIds(random, 3_000)) {
      List<Span> spans = new ArrayList<>();
      String root = hex(random, 16);
      long start = 1_763_600_000_000_000L + random.nextInt(1_000_000);
      spans.add(new Span(trace, root, null, "svc-" + random.nextInt(4), "host-" + random.nextInt(9), "GET /x",
          SpanKind.SERVER, start, start + random.nextInt(900_000) + 1, random.nextInt(7) == 0, 3, null,
          random.nextBoolean() ? 200 : null, null, TimingSource.MARKERS, ParentSource.NONE, 0.0,
          random.nextInt(3) - 1, false, KindSource.LOGGED));
      for (int c = random.nextInt(4); c > 0; c--) {
        spans.add(new Span(trace, hex(random, 16), root, "svc-" + random.nextInt(4), null,
            random.nextBoolean() ? null : "SELECT", SpanKind.CLIENT, start + 10, start + 20 + random.nextInt(5_000),
            false, 1, random.nextBoolean() ? "postgres" : null, null, random.nextInt(9) == 0 ? "java.io.IOException" : null,
            TimingSource.DURATION, ParentSource.EXPLICIT, random.nextDouble(), 0, random.nextBoolean(),
            KindSource.EVIDENCE));
      }
      rows.addAll(TableCodecs.PlacedSpan.of(spans));
    }
    org.apache.hadoop.fs.Path pages = write(TableCodecs.SPANS, rows, "spans-pages.parquet", hadoop, false);
    org.apache.hadoop.fs.Path records = write(TableCodecs.SPANS, rows, "spans-records.parquet", hadoop, true);
    assertReadsAsTheRecordWritersFile(Tables.SPANS, pages, records, rows.size(), hadoop);
  }

  @Test
  void tracesWithCriticalPathsReadBackAsTheRecordWriterWritesThem() throws Exception {
    Configuration hadoop = new Configuration();
    Random random = new Random(11);
    List<TableCodecs.TraceEntry> rows = new ArrayList<>();
    for (String trace : randomIds(random, 4_000)) {
      List<TraceSummary.PathStep> path = new ArrayList<>();
      for (int step = random.nextInt(5); step > 0; step--) {
        path.add(new TraceSummary.PathStep(random.nextInt(6) == 0 ? null : hex(random, 16), random.nextInt(90_000)));
      }
      long start = 1_763_600_000_000_000L + random.nextInt(1_000_000_000);
      rows.add(new TableCodecs.TraceEntry(new TraceSummary(trace, random.nextBoolean() ? hex(random, 16) : null,
          "svc-" + random.nextInt(5), random.nextBoolean() ? "GET /x" : null, start, start + random.nextInt(2_000_000),
          1 + random.nextInt(30), 1 + random.nextInt(5), random.nextInt(9) == 0, RootSource.FOUND, 1, random.nextInt(2),
          random.nextBoolean(), random.nextInt(3), random.nextInt(50) == 0, path), random.nextInt(500)));
    }
    org.apache.hadoop.fs.Path pages = write(TableCodecs.TRACES, rows, "traces-pages.parquet", hadoop, false);
    org.apache.hadoop.fs.Path records = write(TableCodecs.TRACES, rows, "traces-records.parquet", hadoop, true);
    assertReadsAsTheRecordWritersFile(Tables.TRACES, pages, records, rows.size(), hadoop);
  }

  /**
   * Every column type, nullable, so that null and empty maps and lists and null elements all occur; score has
   * NaN among its values (whose statistics then keep no min/max), ratio none.
   */
  private static final Table EVERY_TYPE = new Table("every_type", "test", List.of(
      Column.required("name", ColumnType.STRING, null, ""),
      Column.optional("tags", ColumnType.ARRAY_STRING, null, ""),
      Column.optional("labels", ColumnType.MAP_STRING_STRING, null, ""),
      Column.optional("flag", ColumnType.BOOLEAN, null, ""),
      Column.optional("score", ColumnType.DOUBLE, null, ""),
      Column.optional("count", ColumnType.INT, null, ""),
      Column.optional("total", ColumnType.LONG, null, ""),
      Column.optional("at", ColumnType.TIMESTAMP, null, ""),
      Column.optional("raw", ColumnType.BINARY, null, ""),
      Column.optional("steps", ColumnType.PATH_STEPS, null, ""),
      Column.optional("ratio", ColumnType.DOUBLE, null, "")));

  private static RowCodec<Object[]> everyTypeCodec() {
    return RowCodec.of(EVERY_TYPE, Object[].class)
        .string("name", r -> (String) r[0])
        .strings("tags", r -> (List<String>) r[1])
        .map("labels", r -> (Map<String, String>) r[2])
        .bool("flag", r -> (Boolean) r[3])
        .float64("score", r -> (Double) r[4])
        .int32("count", r -> (Integer) r[5])
        .int64("total", r -> (Long) r[6])
        .timestamp("at", r -> (Long) r[7])
        .bytes("raw", r -> (byte[]) r[8])
        .pathSteps("steps", r -> (List<TraceSummary.PathStep>) r[9])
        .float64("ratio", r -> (Double) r[10])
        .build();
  }

  @Test
  void everyColumnTypeWithNullAndEmptyValuesReadsBackAsTheRecordWriterWritesIt() throws Exception {
    RowCodec<Object[]> codec = everyTypeCodec();
    Random random = new Random(23);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      int shape = random.nextInt(4); // 0: null, 1: empty, 2-3: with elements
      List<String> tags = shape == 0 ? null : new ArrayList<>();
      Map<String, String> labels = shape == 0 ? null : new LinkedHashMap<>();
      List<TraceSummary.PathStep> steps = shape == 0 ? null : new ArrayList<>();
      for (int e = shape < 2 ? 0 : 1 + random.nextInt(3); e > 0; e--) {
        tags.add(random.nextInt(5) == 0 ? null : "tag" + random.nextInt(40));
        labels.put("k" + random.nextInt(9), random.nextInt(5) == 0 ? null : text(random, 5));
        steps.add(random.nextInt(5) == 0 ? null
            : new TraceSummary.PathStep(random.nextBoolean() ? null : hex(random, 16), random.nextInt(1000)));
      }
      rows.add(new Object[] {"row" + random.nextInt(100), tags, labels,
          random.nextInt(3) == 0 ? null : random.nextBoolean(),
          random.nextInt(3) == 0 ? null : random.nextInt(5) == 0 ? Double.NaN : random.nextGaussian(),
          random.nextInt(3) == 0 ? null : random.nextInt(), random.nextInt(3) == 0 ? null : random.nextLong(),
          random.nextInt(3) == 0 ? null : 1_763_600_000_000_000L + random.nextInt(),
          random.nextInt(3) == 0 ? null : hex(random, 8).getBytes(java.nio.charset.StandardCharsets.UTF_8), steps,
          random.nextInt(3) == 0 ? null : random.nextDouble() * 2 - 1}); // ratio: no NaN, so real min/max compare
    }
    Configuration hadoop = new Configuration();
    org.apache.hadoop.fs.Path pages = write(codec, rows, "every-pages.parquet", hadoop, false);
    org.apache.hadoop.fs.Path records = write(codec, rows, "every-records.parquet", hadoop, true);
    assertReadsAsTheRecordWritersFile(EVERY_TYPE, pages, records, rows.size(), hadoop);
  }

  private static final Table KNOWN = new Table("known", "test", List.of(
      Column.required("name", ColumnType.STRING, null, ""),
      Column.optional("tags", ColumnType.ARRAY_STRING, null, ""),
      Column.optional("file", ColumnType.STRING, null, ""),
      Column.optional("view", ColumnType.STRING, null, "")));

  @Test
  void valuesMetAgainAsTheSameObjectsReadBackAsTheRecordWriterWritesThem() throws Exception {
    // 100 Strings and 100 constant Binaries, more than the writer keeps the ids of, met again out of order; a
    // Binary over a reused array, the same object every row with other bytes each time; row groups small enough
    // for several dictionaries
    String[] names = new String[100];
    Binary[] files = new Binary[100];
    for (int i = 0; i < names.length; i++) {
      names[i] = "service-" + i;
      files[i] = Binary.fromConstantByteArray(("file-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    byte[] reused = new byte[16];
    RowCodec<int[]> codec = RowCodec.of(KNOWN, int[].class)
        .string("name", r -> names[r[0]])
        .strings("tags", r -> List.of(names[r[1]], names[r[0]]))
        .utf8("file", r -> files[r[1]])
        .utf8("view", r -> {
          byte[] text = ("view-" + r[2]).getBytes(java.nio.charset.StandardCharsets.UTF_8);
          System.arraycopy(text, 0, reused, 0, text.length);
          return Binary.fromReusedByteArray(reused, 0, text.length);
        })
        .build();
    Random random = new Random(5);
    List<int[]> rows = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      rows.add(new int[] {(int) Math.abs(random.nextGaussian() * 20) % names.length, random.nextInt(names.length),
          random.nextInt(30)});
    }
    Configuration hadoop = new Configuration();
    hadoop.setLong(TableFileWriter.ROW_GROUP_BYTES_KEY, 1L << 17);
    org.apache.hadoop.fs.Path pages = write(codec, rows, "known-pages.parquet", hadoop, false);
    org.apache.hadoop.fs.Path records = write(codec, rows, "known-records.parquet", hadoop, true);
    assertReadsAsTheRecordWritersFile(KNOWN, pages, records, rows.size(), hadoop);
    List<List<Object>> read = read(KNOWN, pages, hadoop);
    for (int i = 0; i < rows.size(); i += 997) {
      int[] row = rows.get(i);
      assertThat(read.get(i)).as("row %d", i).containsExactly(names[row[0]],
          List.of(names[row[1]], names[row[0]]), "file-" + row[1], "view-" + row[2]);
    }
  }

  /**
   * Columns given in place: a nullable string and a map, each a slice of the row's own buffer, and numbers: a
   * required long, a timestamp and an optional int.
   */
  private static final Table IN_PLACE = new Table("in_place", "test", List.of(
      Column.required("name", ColumnType.STRING, null, ""),
      Column.optional("note", ColumnType.STRING, null, ""),
      Column.required("labels", ColumnType.MAP_STRING_STRING, null, ""),
      Column.required("seq", ColumnType.LONG, null, ""),
      Column.required("at", ColumnType.TIMESTAMP, "UTC", ""),
      Column.optional("code", ColumnType.INT, null, "")));

  /**
   * A row whose note (field {@link #NOTE}) and labels ({@link #LABELS}) are slices of its buffer: {@code slices}
   * holds the note's offset and length (-1: none), then per label its key's offset and length and its value's; and
   * whose numbers are fields {@link #SEQ}, {@link #AT} and {@link #CODE} (null: none).
   */
  private record SlicedRow(String name, byte[] buffer, int[] slices, long seq, long at, Integer code)
      implements RowCodec.Utf8Fields, RowCodec.NumberFields {
    static final int NOTE = 0;
    static final int LABELS = 1;
    static final int SEQ = 0;
    static final int AT = 1;
    static final int CODE = 2;

    @Override
    public boolean hasNumber(int field) {
      assertThat(field).as("a required column's number is read without asking").isEqualTo(CODE);
      return code != null;
    }

    @Override
    public long number(int field) {
      return switch (field) {
        case SEQ -> seq;
        case AT -> at;
        case CODE -> code;
        default -> throw new IllegalArgumentException("no number field " + field);
      };
    }

    @Override
    public boolean giveUtf8(int field, RowCodec.Utf8Sink sink) {
      if (field != NOTE || slices[1] < 0) {
        return false;
      }
      sink.utf8(buffer, slices[0], slices[1]);
      return true;
    }

    @Override
    public void giveEntries(int field, RowCodec.Utf8EntrySink sink) {
      for (int i = 2; field == LABELS && i < slices.length; i += 4) {
        sink.entry(buffer, slices[i], slices[i + 1], slices[i + 2], slices[i + 3]);
      }
    }
  }

  private static List<SlicedRow> slicedRows(long seed, int count) {
    Random random = new Random(seed);
    List<SlicedRow> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
      List<Integer> slices = new ArrayList<>();
      java.util.function.Function<String, Integer> put = text -> {
        buffer.writeBytes(text(random, random.nextInt(4)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int at = buffer.size();
        buffer.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return at;
      };
      String note = random.nextInt(4) == 0 ? null : random.nextBoolean() ? "note" + random.nextInt(30)
          : text(random, random.nextInt(12)) + "é€";
      slices.add(note == null ? 0 : put.apply(note));
      slices.add(note == null ? -1 : note.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      for (int e = random.nextInt(4); e > 0; e--) { // none: an empty map
        String key = "k" + e; // distinct within the row, as a map's keys are
        String value = random.nextInt(5) == 0 ? null : "v" + random.nextInt(50);
        slices.add(put.apply(key));
        slices.add(key.length());
        slices.add(value == null ? 0 : put.apply(value));
        slices.add(value == null ? -1 : value.length());
      }
      rows.add(new SlicedRow("row" + random.nextInt(100), buffer.toByteArray(),
          slices.stream().mapToInt(Integer::intValue).toArray(), random.nextLong(),
          1_763_600_000_000_000L + random.nextInt(), random.nextInt(3) == 0 ? null : random.nextInt()));
    }
    return rows;
  }

  private static final RowCodec<SlicedRow> IN_PLACE_CODEC = RowCodec.of(IN_PLACE, SlicedRow.class)
      .string("name", SlicedRow::name)
      .utf8InPlace("note", SlicedRow.NOTE)
      .utf8MapInPlace("labels", SlicedRow.LABELS)
      .int64InPlace("seq", SlicedRow.SEQ)
      .timestampInPlace("at", SlicedRow.AT)
      .int32InPlace("code", SlicedRow.CODE)
      .build();

  @Test
  void columnsGivenInPlaceReadBackAsTheRecordWriterWritesThemAndKeepNoReferenceToTheRowsBytes() throws Exception {
    Configuration hadoop = new Configuration();
    org.apache.hadoop.fs.Path pages = new org.apache.hadoop.fs.Path(dir.resolve("in-place-pages.parquet").toString());
    try (TableFileWriter<SlicedRow> out = TableFileWriter.create(IN_PLACE_CODEC, pages, hadoop, 5_000, true, false)) {
      for (SlicedRow row : slicedRows(31, 30_000)) {
        out.write(row);
        java.util.Arrays.fill(row.buffer(), (byte) '#'); // as a reused record buffer is, once the row is written
      }
    }
    // the record writer takes the codec's values (Binary slices), from rows left as they were
    org.apache.hadoop.fs.Path records = write(IN_PLACE_CODEC, slicedRows(31, 30_000), "in-place-records.parquet",
        hadoop, true);
    assertReadsAsTheRecordWritersFile(IN_PLACE, pages, records, 30_000, hadoop);
    List<List<Object>> read = read(IN_PLACE, pages, hadoop);
    assertThat(read).anyMatch(row -> row.get(1) == null).anyMatch(row -> ((Map<?, ?>) row.get(2)).isEmpty())
        .anyMatch(row -> ((Map<?, ?>) row.get(2)).containsValue(null))
        .anyMatch(row -> row.get(1) != null && ((String) row.get(1)).endsWith("é€"))
        .anyMatch(row -> row.get(5) == null).anyMatch(row -> row.get(5) != null);
  }

  @Test
  void pagesAreCompressedAtLevelOneUnlessTheSessionSetsAnotherWhateverTheFilesBefore() throws Exception {
    Configuration unset = new Configuration();
    Configuration one = new Configuration();
    one.setInt(TableFileWriter.ZSTD_LEVEL_KEY, 1);
    Configuration nineteen = new Configuration();
    nineteen.setInt(TableFileWriter.ZSTD_LEVEL_KEY, 19);
    List<TableCodecs.EventEntry> rows = events(20_000, 7);
    // level 19 first: parquet-java's own codec would keep the first file's level for every file after it
    byte[] atNineteen = bytes(write(TableCodecs.EVENTS, rows, "nineteen.parquet", nineteen, false));
    byte[] byDefault = bytes(write(TableCodecs.EVENTS, rows, "default.parquet", unset, false));
    byte[] atOne = bytes(write(TableCodecs.EVENTS, rows, "one.parquet", one, false));
    // a file holds no time or path: the same rows at the same level are the same bytes
    assertThat(byDefault).isEqualTo(atOne);
    assertThat(atNineteen).isNotEqualTo(atOne);
    assertThat(atNineteen.length).isLessThan(atOne.length);
    assertThat(unset.get(TableFileWriter.ZSTD_LEVEL_KEY)).as("the session's settings are left as they were").isNull();
  }

  private static byte[] bytes(org.apache.hadoop.fs.Path file) throws java.io.IOException {
    return java.nio.file.Files.readAllBytes(Path.of(file.toString()));
  }

  @Test
  void aRowWithoutARequiredValueFailsWithoutWritingAnyOfItsColumns() throws Exception {
    Configuration hadoop = new Configuration();
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("refused.parquet").toString());
    Span good = new Span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, "orders", null, "GET /",
        SpanKind.SERVER, 10, 20, false, 1, null, null, null);
    Span noKind = new Span("0af7651916cd43dd8448eb211c80319c", "c7ad6b7169203332", null, "orders", null, "GET /",
        null, 10, 20, false, 1, null, null, null);
    try (TableFileWriter<TableCodecs.PlacedSpan> out =
        TableFileWriter.create(TableCodecs.SPANS, file, hadoop, 10, true, false)) {
      out.write(TableCodecs.PlacedSpan.of(List.of(good)).get(0));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> out.write(TableCodecs.PlacedSpan.of(List.of(noKind)).get(0)))
          .hasMessageContaining("spans.kind is required");
      out.write(TableCodecs.PlacedSpan.of(List.of(good)).get(0));
    }
    List<List<Object>> rows = read(Tables.SPANS, file, hadoop);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1)).isEqualTo(rows.get(0));
  }

  @Test
  void aRowThatFailsHalfWrittenFailsTheFileWhichThenHasNoFooter() throws Exception {
    RowCodec<Object[]> codec = everyTypeCodec();
    Configuration hadoop = new Configuration();
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("half.parquet").toString());
    Map<String, String> nullKey = new LinkedHashMap<>();
    nullKey.put(null, "v"); // a map column's key is required: the labels column fails after name and tags took the row
    Object[] good = {"a", List.of("t"), Map.of("k", "v"), true, 1.0, 1, 1L, 1L, new byte[] {1}, List.of(), 0.5};
    Object[] bad = good.clone();
    bad[2] = nullKey;
    TableFileWriter<Object[]> out = TableFileWriter.create(codec, file, hadoop, 10, true, false);
    out.write(good);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> out.write(bad)).isInstanceOf(RuntimeException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> out.write(good))
        .hasMessageContaining("failed half-written");
    out.close();
    // no footer: no reader takes the file for a table file (the task that wrote it fails and its files go)
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TableFiles.readAll(EVERY_TYPE, file, hadoop))
        .hasMessageContaining("is not a Parquet file");
  }

  @Test
  void aFileWithNoRowReadsAsEmpty() throws Exception {
    Configuration hadoop = new Configuration();
    org.apache.hadoop.fs.Path file = write(TableCodecs.EVENTS, List.of(), "none.parquet", hadoop, false);
    assertThat(read(Tables.EVENTS, file, hadoop)).isEmpty();
    assertThat(spark().read().parquet(file.toString()).count()).isZero();
  }

  @Test
  void theHybridEncodingReadsBackWithParquetJavasDecoder() throws Exception {
    Random random = new Random(3);
    for (int bitWidth : new int[] {0, 1, 2, 3, 7, 8, 13, 20}) {
      int[] values = new int[5_000];
      int max = bitWidth == 0 ? 0 : (1 << bitWidth) - 1;
      for (int i = 0; i < values.length; ) {
        // runs of every length around the 8 that makes a run, and stretches of noise
        int run = random.nextInt(3) == 0 ? 1 + random.nextInt(20) : 1;
        int value = max == 0 ? 0 : random.nextInt(max + 1);
        for (int r = 0; r < run && i < values.length; r++) {
          values[i++] = value;
        }
      }
      for (int count : new int[] {1, 7, 8, 9, 15, 16, 17, 4_999, 5_000}) {
        GrowingBytes out = new GrowingBytes(16);
        HybridEncoding.encode(values, count, bitWidth, out);
        org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder decoder =
            new org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder(bitWidth,
                new java.io.ByteArrayInputStream(out.array(), 0, out.size()));
        for (int i = 0; i < count; i++) {
          assertThat(decoder.readInt()).as(String.format(Locale.ROOT, "width %d, %d values, value %d", bitWidth, count, i))
              .isEqualTo(values[i]);
        }
      }
    }
  }

  /**
   * The page writer's file and the record writer's, of the same {@code rows} rows: the same rows read by
   * parquet-java and by Spark, the same statistics over the file.
   */
  private void assertReadsAsTheRecordWritersFile(Table table, org.apache.hadoop.fs.Path pages,
      org.apache.hadoop.fs.Path records, int rows, Configuration hadoop) throws Exception {
    List<List<Object>> expected = bytesAsHex(read(table, records, hadoop));
    assertThat(expected).hasSize(rows);
    assertThat(bytesAsHex(read(table, pages, hadoop))).isEqualTo(expected);
    assertDataFrameEquals(spark().read().parquet(records.toString()), spark().read().parquet(pages.toString()),
        assertDataFrameEquals$default$3());
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(pages, hadoop));
        ParquetFileReader baseline = ParquetFileReader.open(HadoopInputFile.fromPath(records, hadoop))) {
      assertThat(fileStatistics(reader.getFooter().getBlocks()))
          .isEqualTo(fileStatistics(baseline.getFooter().getBlocks()));
      assertPagesAsLargeAsTheRecordWriters(reader, baseline);
    }
  }

  /**
   * Each column's pages about as large as parquet-java's: it checks a page's size every 100 to 10,000 rows where
   * this writer checks every row, so this writer's pages may be smaller, never by much. (A chunk whose dictionary
   * filled up once wrote a page per row: values and statistics all right, the file ten times too big.)
   */
  private static void assertPagesAsLargeAsTheRecordWriters(ParquetFileReader reader, ParquetFileReader baseline)
      throws Exception {
    Map<String, Integer> pages = pageCounts(reader);
    Map<String, Integer> expected = pageCounts(baseline);
    assertThat(pages.keySet()).isEqualTo(expected.keySet());
    int groups = reader.getFooter().getBlocks().size();
    pages.forEach((column, count) -> assertThat(count).as("pages of %s", column)
        .isLessThanOrEqualTo(2 * expected.get(column) + groups));
  }

  /** Per leaf column, its pages over all row groups (as the offset indexes list them). */
  private static Map<String, Integer> pageCounts(ParquetFileReader reader) throws Exception {
    Map<String, Integer> pages = new LinkedHashMap<>();
    for (BlockMetaData group : reader.getFooter().getBlocks()) {
      for (ColumnChunkMetaData chunk : group.getColumns()) {
        pages.merge(chunk.getPath().toDotString(), reader.readOffsetIndex(chunk).getPageCount(), Integer::sum);
      }
    }
    return pages;
  }

  /** Rows with their byte[] values as hex, so that rows compare by content. */
  private static List<List<Object>> bytesAsHex(List<List<Object>> rows) {
    return rows.stream().map(row -> row.stream()
        .map(value -> value instanceof byte[] bytes ? (Object) java.util.HexFormat.of().formatHex(bytes) : value)
        .toList()).toList();
  }

  private static ColumnChunkMetaData chunk(BlockMetaData group, String column) {
    return group.getColumns().stream().filter(c -> c.getPath().toDotString().equals(column)).findFirst().orElseThrow();
  }

  /** Per leaf column: min, max and null count over every row group, as text. */
  private static Map<String, String> fileStatistics(List<BlockMetaData> groups) {
    Map<String, Statistics<?>> merged = new LinkedHashMap<>();
    for (BlockMetaData group : groups) {
      for (ColumnChunkMetaData chunk : group.getColumns()) {
        Statistics<?> stats = chunk.getStatistics();
        merged.merge(chunk.getPath().toDotString(), stats, (a, b) -> {
          Statistics<?> sum = Statistics.createStats(a.type());
          sum.mergeStatistics(a);
          sum.mergeStatistics(b);
          return sum;
        });
      }
    }
    Map<String, String> text = new LinkedHashMap<>();
    merged.forEach((column, stats) -> text.put(column, stats.hasNonNullValue()
        ? stats.minAsString() + " .. " + stats.maxAsString() + ", nulls " + stats.getNumNulls()
        : "nulls " + stats.getNumNulls()));
    return Collections.unmodifiableMap(text);
  }
}
