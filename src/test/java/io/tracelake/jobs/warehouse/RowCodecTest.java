package io.tracelake.jobs.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.KindSource;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParentSource;
import io.tracelake.model.RootSource;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TimeSource;
import io.tracelake.model.TimingSource;
import io.tracelake.model.TraceSummary;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The row codecs: bound by name, checked when made, and their files read back the same by us and by Spark. */
class RowCodecTest extends SparkTestBase {

  @TempDir
  Path dir;

  private static final Span SPAN = new Span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, "orders",
      "orders-1", "GET /orders/{id}", SpanKind.SERVER, 1_763_600_000_000_001L, 1_763_600_000_250_000L, true, 3,
      null, 503, "java.io.IOException", TimingSource.MARKERS, ParentSource.NONE, 0.0, -12, false, KindSource.LOGGED);
  private static final Span CHILD = new Span("0af7651916cd43dd8448eb211c80319c", "c7ad6b7169203332",
      "b7ad6b7169203331", "orders", null, null, SpanKind.CLIENT, 1_763_600_000_100_000L, 1_763_600_000_200_000L,
      false, 1, "postgres", null, null, TimingSource.DURATION, ParentSource.EXPLICIT, 1.0, 0, true,
      KindSource.EVIDENCE);

  @Test
  void aCodecMissingAColumnFailsWhenMade() {
    assertThatThrownBy(() -> RowCodec.of(Tables.REJECTS, Object.class).string("reason", r -> "x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detail").hasMessageContaining("raw_bytes");
  }

  @Test
  void aColumnBoundTwiceOrWithTheWrongTypeFailsWhenMade() {
    assertThatThrownBy(() -> RowCodec.of(Tables.REJECTS, Object.class).string("reason", r -> "x")
        .string("reason", r -> "y")).hasMessageContaining("rejects.reason is bound twice");
    assertThatThrownBy(() -> RowCodec.of(Tables.REJECTS, Object.class).int64("raw_bytes", r -> 1L))
        .hasMessageContaining("rejects.raw_bytes is INT, bound as LONG");
    assertThatThrownBy(() -> RowCodec.of(Tables.REJECTS, Object.class).string("no_such", r -> "x"))
        .hasMessageContaining("rejects has no column no_such");
  }

  /** A span alone in its trace: a root. */
  private static TableCodecs.PlacedSpan placed(Span span) {
    return TableCodecs.PlacedSpan.of(List.of(span)).get(0);
  }

  @Test
  void aRequiredColumnWithoutValueFailsNamingIt() {
    Span noKind = new Span("t", "s", null, null, null, null, null, 0, 1, false, 0, null, null, null);
    assertThatThrownBy(() -> TableCodecs.SPANS.values(placed(noKind))).hasMessageContaining("spans.kind is required");
  }

  /**
   * A row of UTF-8 bytes given in place: string field {@link #METHOD} is bytes 2..4, map field {@link #ATTRIBUTES}
   * one entry (bytes 7..15 to 17..20); every other field has no value.
   */
  private record SlicedBytes(byte[] bytes) implements RowCodec.Utf8Fields {
    static final int METHOD = 0;
    static final int ATTRIBUTES = 1;
    static final int NONE = 2;

    @Override
    public boolean giveUtf8(int field, RowCodec.Utf8Sink sink) {
      if (field != METHOD) {
        return false;
      }
      sink.utf8(bytes, 2, 3);
      return true;
    }

    @Override
    public void giveEntries(int field, RowCodec.Utf8EntrySink sink) {
      if (field == ATTRIBUTES) {
        sink.entry(bytes, 7, 9, 17, 4);
      }
    }
  }

  @Test
  void aRequiredColumnCannotBeGivenInPlaceAndAColumnGivenInPlaceReadsAsItsBytes() {
    // a row's missing value must be found before any of its columns is written: in place, it is seen too late
    assertThatThrownBy(() -> RowCodec.of(Tables.REJECTS, SlicedBytes.class).utf8InPlace("reason", SlicedBytes.NONE))
        .hasMessageContaining("rejects.reason is required");
    // only a row type that gives its fields by number can be given in place
    assertThatThrownBy(() -> RowCodec.of(Tables.EVENTS, byte[].class).utf8InPlace("http_method", 0))
        .hasMessageContaining("events.http_method is given in place, but [B is not a Utf8Fields");
    assertThatThrownBy(() -> RowCodec.of(Tables.EVENTS, SlicedBytes.class).utf8MapInPlace("attributes", -1))
        .hasMessageContaining("events.attributes: field -1 is not a field number");
    SlicedBytes bytes = new SlicedBytes("..GET..authority=shop".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RowCodec.Builder<SlicedBytes> builder = RowCodec.of(Tables.EVENTS, SlicedBytes.class);
    for (io.tracelake.model.schema.Column column : Tables.EVENTS.columns()) {
      switch (column.name()) {
        case "http_method" -> builder.utf8InPlace(column.name(), SlicedBytes.METHOD);
        case "attributes" -> builder.utf8MapInPlace(column.name(), SlicedBytes.ATTRIBUTES);
        default -> bindAnything(builder, column);
      }
    }
    // what every reader of the codec but the page writer gets: the bytes as Binary slices
    Object[] values = builder.build().values(bytes);
    assertThat(((Binary) values[Tables.EVENTS.indexOf("http_method")]).toStringUsingUTF8()).isEqualTo("GET");
    Map<?, ?> attributes = (Map<?, ?>) values[Tables.EVENTS.indexOf("attributes")];
    assertThat(attributes).hasSize(1);
    attributes.forEach((key, value) -> {
      assertThat(((Binary) key).toStringUsingUTF8()).isEqualTo("authority");
      assertThat(((Binary) value).toStringUsingUTF8()).isEqualTo("shop");
    });
    assertThat(values[Tables.EVENTS.indexOf("message")]).isNull();
  }

  /** A row of numbers given in place: field 0 is 7, field 1 is 2^40, field 2 has none. */
  private record Numbers() implements RowCodec.NumberFields {
    @Override
    public boolean hasNumber(int field) {
      return field != 2;
    }

    @Override
    public long number(int field) {
      return field == 0 ? 7 : 1L << 40;
    }
  }

  @Test
  void numbersGivenInPlaceReadAsBoxesAndARequiredOneIsReadWithoutAsking() {
    assertThatThrownBy(() -> RowCodec.of(Tables.EVENTS, SlicedBytes.class).int64InPlace("line_number", 0))
        .hasMessageContaining("events.line_number is given in place, but")
        .hasMessageContaining("is not a NumberFields");
    assertThatThrownBy(() -> RowCodec.of(Tables.EVENTS, Numbers.class).int64InPlace("line_count", 0))
        .hasMessageContaining("events.line_count is INT, bound as LONG");
    RowCodec.Builder<Numbers> builder = RowCodec.of(Tables.EVENTS, Numbers.class);
    for (io.tracelake.model.schema.Column column : Tables.EVENTS.columns()) {
      switch (column.name()) {
        case "line_count" -> builder.int32InPlace(column.name(), 0);
        case "ts" -> builder.timestampInPlace(column.name(), 1);
        case "duration_us" -> builder.int64InPlace(column.name(), 1);
        case "http_status" -> builder.int32InPlace(column.name(), 2);
        // a required column: its number is read even where the row would say it has none
        case "line_number" -> builder.int64InPlace(column.name(), 2);
        case "attributes" -> builder.map(column.name(), row -> Map.of());
        default -> builder.string(column.name(), row -> "x");
      }
    }
    Object[] values = builder.build().values(new Numbers());
    assertThat(values[Tables.EVENTS.indexOf("line_count")]).isEqualTo(7);
    assertThat(values[Tables.EVENTS.indexOf("ts")]).isEqualTo(1L << 40);
    assertThat(values[Tables.EVENTS.indexOf("duration_us")]).isEqualTo(1L << 40);
    assertThat(values[Tables.EVENTS.indexOf("http_status")]).isNull();
    assertThat(values[Tables.EVENTS.indexOf("line_number")]).isEqualTo(1L << 40);
  }

  /** Binds a column to an accessor with no value (or an empty one, for a map), as its type asks. */
  private static void bindAnything(RowCodec.Builder<SlicedBytes> builder, io.tracelake.model.schema.Column column) {
    String name = column.name();
    switch (column.type()) {
      case STRING -> {
        if (column.nullable()) {
          builder.utf8InPlace(name, SlicedBytes.NONE);
        } else {
          builder.string(name, row -> "x");
        }
      }
      case INT -> builder.int32(name, row -> column.nullable() ? null : 1);
      case LONG -> builder.int64(name, row -> column.nullable() ? null : 1L);
      case TIMESTAMP -> builder.timestamp(name, row -> 1L);
      case MAP_STRING_STRING -> builder.utf8MapInPlace(name, SlicedBytes.NONE);
      default -> throw new IllegalArgumentException("the events table has no " + column.type() + " column");
    }
  }

  @Test
  void readingAColumnAsTheWrongTypeFailsNamingIt() {
    RowView row = TableCodecs.SPANS.view(placed(SPAN));
    assertThat(row.string("service")).isEqualTo("orders");
    assertThat(row.longValue("duration_us")).isEqualTo(249_999L);
    assertThatThrownBy(() -> row.longValue("service")).hasMessageContaining("spans.service is STRING, read as LONG");
  }

  @Test
  void spansWrittenWithTheCodecReadBackTheSameWithParquetJavaAndWithSpark() throws Exception {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("spans.parquet").toString());
    Configuration hadoop = new Configuration();
    try (TableFileWriter<TableCodecs.PlacedSpan> out = TableFileWriter.create(TableCodecs.SPANS, file, hadoop, 10)) {
      for (TableCodecs.PlacedSpan span : TableCodecs.PlacedSpan.of(List.of(SPAN, CHILD))) {
        out.write(span);
      }
    }
    List<RowView> read = TableFiles.readAll(Tables.SPANS, file, hadoop);
    assertThat(read).hasSize(2);
    assertThat(TableCodecs.span(read.get(0))).isEqualTo(SPAN);
    assertThat(TableCodecs.span(read.get(1))).isEqualTo(CHILD);

    Dataset<Row> spark = spark().read().parquet(file.toString());
    // Spark reads every Parquet column as nullable: the names and types are what must agree
    Assertions.assertEquals(nullable(spark().createDataFrame(List.of(), TableSchemas.spark(Tables.SPANS))).schema(),
        spark.schema());
    List<Row> rows = spark.collectAsList();
    assertThat(TableCodecs.span(RowView.of(Tables.SPANS, rows.get(0)))).isEqualTo(SPAN);
    Dataset<Row> expected = spark().createDataFrame(List.of(
        org.apache.spark.sql.RowFactory.create(toSpark(TableCodecs.SPANS.values(TableCodecs.PlacedSpan.of(List.of(SPAN, CHILD)).get(0)), Tables.SPANS)),
        org.apache.spark.sql.RowFactory.create(toSpark(TableCodecs.SPANS.values(TableCodecs.PlacedSpan.of(List.of(SPAN, CHILD)).get(1)), Tables.SPANS))),
        TableSchemas.spark(Tables.SPANS));
    assertDataFrameNoOrderEquals(nullable(expected), nullable(spark));
  }

  @Test
  void eventsAndTracesRoundTripMapsListsAndNestedPaths() throws Exception {
    Configuration hadoop = new Configuration();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("span_event", "start");
    attributes.put("empty", null);
    LogEvent event = LogEvent.builder(1_763_600_000_000_123L).level("INFO").service("orders").traceId("abc")
        .message("hello").httpStatus(200).durationUs(42L).attributes(attributes).timeSource(TimeSource.ENVELOPE)
        .build();
    LogEvent bare = LogEvent.builder(5L).build();
    org.apache.hadoop.fs.Path events = new org.apache.hadoop.fs.Path(dir.resolve("events.parquet").toString());
    try (TableFileWriter<TableCodecs.EventEntry> out = TableFileWriter.create(TableCodecs.EVENTS, events, hadoop, 1)) {
      out.write(new TableCodecs.EventEntry(event, "app", "file:/logs/a.log", 7, 2));
      out.write(new TableCodecs.EventEntry(bare, "app", "file:/logs/a.log", 9, 1));
    }
    List<RowView> rows = TableFiles.readAll(Tables.EVENTS, events, hadoop);
    assertThat(rows.get(0).map("attributes")).isEqualTo(attributes);
    assertThat(rows.get(0).timestampUs("ts")).isEqualTo(1_763_600_000_000_123L);
    assertThat(rows.get(0).string("time_source")).isEqualTo("envelope");
    assertThat(rows.get(0).intOrNull("http_status")).isEqualTo(200);
    assertThat(rows.get(1).map("attributes")).isEmpty();
    assertThat(rows.get(1).isNull("level")).isTrue();
    assertThat(rows.get(1).longValue("line_number")).isEqualTo(9);
    Row sparkRow = spark().read().parquet(events.toString()).collectAsList().get(0);
    assertThat(RowView.of(Tables.EVENTS, sparkRow).map("attributes")).isEqualTo(attributes);

    TraceSummary summary = new TraceSummary("abc", "s1", "orders", "GET /", 10, 30, 2, 1, false, RootSource.FOUND, 1, 0,
        true, 0, false, List.of(new TraceSummary.PathStep("s1", 15), new TraceSummary.PathStep("s2", 5)));
    org.apache.hadoop.fs.Path traces = new org.apache.hadoop.fs.Path(dir.resolve("traces.parquet").toString());
    try (TableFileWriter<TableCodecs.TraceEntry> out = TableFileWriter.create(TableCodecs.TRACES, traces, hadoop, 1)) {
      out.write(new TableCodecs.TraceEntry(summary, 4));
    }
    RowView trace = TableFiles.readAll(Tables.TRACES, traces, hadoop).get(0);
    assertThat(trace.pathSteps("critical_path")).isEqualTo(summary.criticalPath());
    assertThat(trace.longValue("event_count")).isEqualTo(4);
    Row sparkTrace = spark().read().parquet(traces.toString()).collectAsList().get(0);
    assertThat(RowView.of(Tables.TRACES, sparkTrace).pathSteps("critical_path")).isEqualTo(summary.criticalPath());
  }

  @Test
  void theParquetSchemaIsWhatSparkWritesForTheSameTypes() throws Exception {
    spark().conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS"); // as the nightly run sets it
    for (io.tracelake.model.schema.Table table : Tables.ALL) {
      String out = dir.resolve("spark-" + table.name()).toString();
      spark().createDataFrame(List.of(), TableSchemas.spark(table)).coalesce(1).write().parquet(out);
      org.apache.hadoop.fs.Path file = TableFiles.parquetFiles(new org.apache.hadoop.fs.Path(out), new Configuration())
          .get(0);
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, new Configuration()))) {
        assertThat(TableSchemas.parquet(table)).as(table.name())
            .isEqualTo(reader.getFooter().getFileMetaData().getSchema());
      }
    }
  }

  @Test
  void theLookupColumnHasABloomFilterAndNoDictionary() throws Exception {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("bloom.parquet").toString());
    Configuration hadoop = new Configuration();
    try (TableFileWriter<TableCodecs.PlacedSpan> out = TableFileWriter.create(TableCodecs.SPANS, file, hadoop, 10)) {
      for (int i = 0; i < 100; i++) {
        out.write(placed(SPAN));
      }
    }
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, hadoop))) {
      ParquetMetadata footer = reader.getFooter();
      for (ColumnChunkMetaData chunk : footer.getBlocks().get(0).getColumns()) {
        String column = chunk.getPath().toDotString();
        boolean lookup = column.equals("trace_id");
        assertThat(chunk.getBloomFilterOffset() >= 0).as("bloom filter on " + column).isEqualTo(lookup);
        if (lookup) {
          assertThat(chunk.getEncodings()).doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
          assertThat(reader.readBloomFilter(chunk).findHash(
              reader.readBloomFilter(chunk).hash(org.apache.parquet.io.api.Binary.fromString(SPAN.traceId()))))
              .isTrue();
        }
      }
      assertThat(chunkCodec(footer)).isEqualTo("ZSTD");
    }
  }

  private static String chunkCodec(ParquetMetadata footer) {
    return footer.getBlocks().get(0).getColumns().get(0).getCodec().name();
  }

  /** Codec values as Spark's external Row wants them (timestamps as java.sql.Timestamp). */
  private static Object[] toSpark(Object[] values, io.tracelake.model.schema.Table table) {
    Object[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] != null && table.columns().get(i).type() == io.tracelake.model.schema.ColumnType.TIMESTAMP) {
        long us = (Long) out[i];
        out[i] = java.sql.Timestamp.from(java.time.Instant.EPOCH.plus(us, java.time.temporal.ChronoUnit.MICROS));
      }
    }
    return out;
  }
}
