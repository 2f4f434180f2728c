package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.warehouse.TableCodecs.EventEntry;
import io.tracelake.model.LogEvent;
import io.tracelake.model.trace.SourcePosition;
import io.tracelake.model.trace.SpanMarkers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

  private static byte[] key(LogEvent event, String file, long line) {
    return new EventRecords.Encoder().key(event.traceId(), event.timestampUs(), file, line);
  }

  private static byte[] value(LogEvent event, boolean margin) {
    return new EventRecords.Encoder().value(new EventEntry(event, "shop", "unused", 0, 1), margin);
  }

  @Test
  void theRebuildSeesTheFieldsItReadsAndWhereTheLineWasRead() {
    EventRecord record = new EventRecord(key(FULL, "file:/logs/cart.log", 42), value(FULL, false));

    LogEvent event = record.forRebuild();

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
    EventRecord reused = new EventRecord();
    byte[] fullKey = key(FULL, "file:/logs/a-much-longer-file-name.log", 7);
    byte[] fullValue = value(FULL, true);
    System.arraycopy(fullKey, 0, keyBuffer, 0, fullKey.length);
    System.arraycopy(fullValue, 0, valueBuffer, 0, fullValue.length);
    assertThat(reused.read(keyBuffer, valueBuffer).forRebuild())
        .isEqualTo(new EventRecord(fullKey, fullValue).forRebuild());
    assertThat(reused.isMargin()).isTrue();

    // a shorter record over the first one's bytes: the stale bytes after it are not read
    byte[] bareKey = key(BARE, "f", 1);
    byte[] bareValue = value(BARE, false);
    System.arraycopy(bareKey, 0, keyBuffer, 0, bareKey.length);
    System.arraycopy(bareValue, 0, valueBuffer, 0, bareValue.length);
    LogEvent bare = reused.read(keyBuffer, valueBuffer).forRebuild();

    assertThat(bare).isEqualTo(new EventRecord(bareKey, bareValue).forRebuild());
    assertThat(reused.isMargin()).isFalse();
    assertThat(bare.traceId()).isEqualTo("4bf9");
    assertThat(bare.durationUs()).isNull();
    assertThat(bare.httpStatus()).isNull();
    assertThat(bare.attributes()).containsOnlyKeys(SourcePosition.FILE_ATTRIBUTE, SourcePosition.LINE_ATTRIBUTE);
    assertThat(EventRecords.sameTrace(EventRecords.traceIdOf(fullKey), keyBuffer)).isFalse();
    assertThat(EventRecords.sameTrace(EventRecords.traceIdOf(bareKey), keyBuffer)).isTrue();
  }
}
