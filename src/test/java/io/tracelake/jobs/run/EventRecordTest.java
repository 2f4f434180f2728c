package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.warehouse.RowView;
import io.tracelake.jobs.warehouse.TableCodecs;
import io.tracelake.jobs.warehouse.TableCodecs.EventEntry;
import io.tracelake.jobs.warehouse.TableFileWriter;
import io.tracelake.jobs.warehouse.TableFiles;
import io.tracelake.model.LogEvent;
import io.tracelake.model.TimeSource;
import io.tracelake.model.schema.Tables;
import io.tracelake.model.trace.SourcePosition;
import io.tracelake.model.trace.SpanMarkers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shuffled event read back from its bytes, also when one record object and one pair of buffers serve many. */
class EventRecordTest {

  private static final LogEvent FULL = LogEvent.builder(1_700_000_000_123_456L).level("ERROR").service("cart")
      .instance("cart-1").traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7")
      .parentSpanId("53995c3f42cd8ad8").logger("c.e.Cart").thread("http-1").message("Handled POST /cart in 12 ms")
      .httpMethod("POST").httpPath("/cart").httpStatus(503).durationUs(12_000L).exceptionType("java.io.IOException")
      .attributes(attributes(SpanMarkers.SPAN_KIND, "server", "customer", "c-17", SpanMarkers.PEER_SERVICE, "db"))
      .build();
  private static final LogEvent BARE = LogEvent.builder(1_700_000_000_000_001L).service("auth")
      .traceId("4bf9").message("x").attributes(Map.of()).build();

  private static Map<String, String> attributes(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static final SourceFiles FILES = SourceFiles.of(Map.of("file:/logs/cart.log", "shop",
      "file:/logs/a-much-longer-file-name.log", "shop", "f", "auth"));

  /** The key of an event of a listed file, by its number. */
  private static byte[] key(LogEvent event, String file, long line) {
    int number = FILES.number(file);
    assertThat(number).isNotEqualTo(SourceFiles.UNLISTED);
    return new EventRecords.Encoder().key(event.traceId(), event.timestampUs(), number, line);
  }

  /** The record's event for the rebuild, with the trace id read from the record's own key. */
  private static LogEvent rebuilt(EventRecord record) {
    return record.forRebuild(record.traceId());
  }

  private static byte[] value(LogEvent event, boolean margin) {
    return new EventRecords.Encoder().value(new EventEntry(event, "shop", "unused", 0, 1), margin);
  }

  @Test
  void anEncoderThatRemembersItsStringsWritesWhatAFreshOneWrites() {
    // the same String at a place is encoded once; any other String there, equal or not, is encoded anew
    LogEvent sameStrings = FULL.toBuilder().message("another message").build();
    LogEvent equalStrings = FULL.toBuilder().logger(new String("c.e.Cart")).thread("http-2")
        .attributes(attributes(SpanMarkers.SPAN_KIND, "client", "customer", "c-17")).build();
    LogEvent fewer = BARE.toBuilder().attributes(attributes("customer", "c-18")).build();
    Map<String, String> many = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      many.put("a" + i, "v" + (i % 3));
    }
    LogEvent beyondThePlaces = FULL.toBuilder().attributes(many).build();
    // text beyond ASCII, and longer than a length byte holds, met several times running: the remembered bytes too
    LogEvent unicode = FULL.toBuilder().message("Zahlung f\u00fcr Bestellung \u2713").thread("w\u00f6rker-1").build();
    LogEvent longText = FULL.toBuilder().message("x".repeat(300)).thread("\u00e9".repeat(200)).build();
    EventRecords.Encoder reused = new EventRecords.Encoder();
    for (LogEvent event : List.of(FULL, sameStrings, equalStrings, fewer, FULL, beyondThePlaces, beyondThePlaces,
        BARE, unicode, unicode, unicode, longText, longText, longText, FULL, FULL, FULL)) {
      EventEntry entry = new EventEntry(event, "shop", "unused", 0, 1);
      byte[] value = reused.value(entry, false);
      assertThat(value).isEqualTo(new EventRecords.Encoder().value(entry, false));
      LogEvent read = rebuilt(new EventRecord(FILES, key(event, "f", 1), value));
      assertThat(read.message()).isEqualTo(event.message());
      assertThat(read.thread()).isEqualTo(event.thread());
    }
  }

  @Test
  void theRebuildSeesTheFieldsItReadsAndWhereTheLineWasRead() {
    EventRecord record = new EventRecord(FILES, key(FULL, "file:/logs/cart.log", 42), value(FULL, false));

    LogEvent event = rebuilt(record);

    assertThat(record.isMargin()).isFalse();
    assertThat(record.timestampUs()).isEqualTo(FULL.timestampUs());
    assertThat(record.lineNumber()).isEqualTo(42);
    assertThat(event.traceId()).isEqualTo(FULL.traceId());
    assertThat(event.httpStatus()).isEqualTo(503);
    assertThat(event.durationUs()).isEqualTo(12_000L);
    assertThat(event.message()).isEqualTo(FULL.message());
    // the attributes the rebuild reads, not the others, and the line's position
    assertThat(event.attributes()).containsEntry(SpanMarkers.SPAN_KIND, "server")
        .containsEntry(SpanMarkers.PEER_SERVICE, "db").doesNotContainKey("customer")
        .containsEntry(SourcePosition.FILE_ATTRIBUTE, "file:/logs/cart.log")
        .containsEntry(SourcePosition.LINE_ATTRIBUTE, "42");
  }

  @Test
  void aReusedRecordOverLongerBuffersKeepsNothingOfTheRecordBefore() {
    byte[] keyBuffer = new byte[4096];
    byte[] valueBuffer = new byte[4096];
    EventRecord reused = new EventRecord(FILES);
    byte[] fullKey = key(FULL, "file:/logs/a-much-longer-file-name.log", 7);
    byte[] fullValue = value(FULL, true);
    System.arraycopy(fullKey, 0, keyBuffer, 0, fullKey.length);
    System.arraycopy(fullValue, 0, valueBuffer, 0, fullValue.length);
    assertThat(rebuilt(reused.read(keyBuffer, valueBuffer)))
        .isEqualTo(rebuilt(new EventRecord(FILES, fullKey, fullValue)));
    assertThat(reused.isMargin()).isTrue();

    // a shorter record over the first one's bytes: the stale bytes after it are not read
    byte[] bareKey = key(BARE, "f", 1);
    byte[] bareValue = value(BARE, false);
    System.arraycopy(bareKey, 0, keyBuffer, 0, bareKey.length);
    System.arraycopy(bareValue, 0, valueBuffer, 0, bareValue.length);
    LogEvent bare = rebuilt(reused.read(keyBuffer, valueBuffer));

    assertThat(bare).isEqualTo(rebuilt(new EventRecord(FILES, bareKey, bareValue)));
    assertThat(reused.isMargin()).isFalse();
    assertThat(bare.traceId()).isEqualTo("4bf9");
    assertThat(bare.durationUs()).isNull();
    assertThat(bare.httpStatus()).isNull();
    assertThat(bare.attributes()).containsOnlyKeys(SourcePosition.FILE_ATTRIBUTE, SourcePosition.LINE_ATTRIBUTE);
    assertThat(EventRecords.sameTrace(EventRecords.traceIdOf(fullKey), keyBuffer)).isFalse();
    assertThat(EventRecords.sameTrace(EventRecords.traceIdOf(bareKey), keyBuffer)).isTrue();
  }

  @Test
  void aFileTheRunDoesNotListIsNamedByItsUriAndSortsAfterTheListedOnes() {
    byte[] unlisted = new EventRecords.Encoder().key(FULL.traceId(), FULL.timestampUs(), "file:/archive/cart.log", 9);
    byte[] listed = key(FULL, "file:/logs/cart.log", 9);
    EventRecord record = new EventRecord(FILES, unlisted, value(FULL, true));

    assertThat(record.lineNumber()).isEqualTo(9);
    assertThat(record.timestampUs()).isEqualTo(FULL.timestampUs());
    assertThat(rebuilt(record).attributes())
        .containsEntry(SourcePosition.FILE_ATTRIBUTE, "file:/archive/cart.log");
    // same trace and time: the listed file's event first, the same order wherever the records are sorted
    assertThat(Arrays.compareUnsigned(listed, unlisted)).isNegative();
    assertThat(EventRecords.sameTrace(EventRecords.traceIdOf(listed), unlisted)).isTrue();
  }

  @Test
  void filesAreNumberedInTheByteOrderOfTheirUris() {
    // U+1F600 sorts before U+FF5E as a Java String (UTF-16 surrogates) but after it as UTF-8 bytes
    SourceFiles files = SourceFiles.of(Map.of("file:/b", "s1", "file:/a\uff5e", "s2", "file:/a\ud83d\ude00", "s3",
        "file:/a", "s4"));

    assertThat(List.of(files.uri(0), files.uri(1), files.uri(2), files.uri(3)))
        .containsExactly("file:/a", "file:/a\uff5e", "file:/a\ud83d\ude00", "file:/b");
    assertThat(files.number("file:/b")).isEqualTo(3);
    assertThat(files.source(3)).isEqualTo("s1");
    assertThat(files.number("file:/c")).isEqualTo(SourceFiles.UNLISTED);
    assertThat(new String(files.utf8(2), StandardCharsets.UTF_8)).isEqualTo("file:/a\ud83d\ude00");
    assertThat("file:/a\ud83d\ude00").isLessThan("file:/a\uff5e");
  }

  @Test
  void theEventsRowWrittenFromARecordIsTheRowWrittenFromItsEvent(@TempDir Path dir) throws Exception {
    Map<String, String> withNull = attributes("order", "o-1", "coupon", null, "customer", "c-17");
    LogEvent nullAttribute = FULL.toBuilder().attributes(withNull).timeSource(TimeSource.ENVELOPE).stream("stderr")
        .requestId("r-9").exceptionMessage("Connection reset \u00e9\ud83d\ude00").build();
    // strings about a length byte's limit, one whose length takes a varint of three bytes, an empty one
    LogEvent longStrings = FULL.toBuilder().message("m".repeat(EventRecords.SHORT_STRING))
        .logger("l".repeat(EventRecords.SHORT_STRING + 1)).exceptionMessage("\u00e9".repeat(9_000)).httpPath("")
        .attributes(attributes("k".repeat(300), "", "customer", "v".repeat(70_000), "empty", null)).build();
    List<LogEvent> events = List.of(FULL, BARE, nullAttribute, longStrings);
    List<String> files = List.of("file:/logs/cart.log", "f", "file:/logs/a-much-longer-file-name.log", "f");
    Configuration hadoop = new Configuration();
    org.apache.hadoop.fs.Path fromRecords = new org.apache.hadoop.fs.Path(dir.resolve("records.parquet").toString());
    org.apache.hadoop.fs.Path fromEvents = new org.apache.hadoop.fs.Path(dir.resolve("events.parquet").toString());
    // one record object and one pair of buffers for all rows, as a partition's pass reads them
    EventRecord reused = new EventRecord(FILES);
    byte[] keyBuffer = new byte[4096];
    byte[] valueBuffer = new byte[1 << 17];
    try (TableFileWriter<EventRecord> records = TableFileWriter.create(EventRecord.EVENTS, fromRecords, hadoop, 10);
        TableFileWriter<EventEntry> entries = TableFileWriter.create(TableCodecs.EVENTS, fromEvents, hadoop, 10)) {
      for (int i = 0; i < events.size(); i++) {
        LogEvent event = events.get(i);
        byte[] key = key(event, files.get(i), 10 + i);
        byte[] value = new EventRecords.Encoder().value(new EventEntry(event, "unused", "unused", 0, 1 + i), false);
        System.arraycopy(key, 0, keyBuffer, 0, key.length);
        System.arraycopy(value, 0, valueBuffer, 0, value.length);
        records.write(reused.read(keyBuffer, valueBuffer));
        entries.write(new EventEntry(event, FILES.source(FILES.number(files.get(i))), files.get(i), 10 + i, 1 + i));
      }
    }

    List<List<Object>> written = TableFiles.readAll(Tables.EVENTS, fromRecords, hadoop).stream()
        .map(RowView::values).toList();
    assertThat(written).isEqualTo(TableFiles.readAll(Tables.EVENTS, fromEvents, hadoop).stream()
        .map(RowView::values).toList());
    assertThat(written).hasSize(4);
    assertThat(written.get(3).get(Tables.EVENTS.indexOf("exception_message"))).isEqualTo("\u00e9".repeat(9_000));
    assertThat(written.get(3).get(Tables.EVENTS.indexOf("http_path"))).isEqualTo("");
    assertThat(written.get(3).get(Tables.EVENTS.indexOf("attributes"))).isEqualTo(longStrings.attributes());
    assertThat(written.get(2).get(Tables.EVENTS.indexOf("attributes"))).isEqualTo(withNull);
  }
}
