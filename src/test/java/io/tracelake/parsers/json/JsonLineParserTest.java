package io.tracelake.parsers.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.LineRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLineParserTest {

  private final JsonLineParser parser =
      new JsonLineParser(JsonFieldMapping.logstash("app_name", "HOSTNAME"), ZoneOffset.UTC);

  private LogEvent parse(String line) throws LineRejectedException {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return parser.parse(bytes, 0, bytes.length);
  }

  private RejectReason rejectionOf(String line) {
    try {
      parse(line);
    } catch (LineRejectedException e) {
      return e.reason();
    }
    throw new AssertionError("line was accepted: " + line);
  }

  @Test
  void aValueRepeatedOnTheNextLineIsTheSameStringAndAChangedOneIsRead() throws LineRejectedException {
    String line = "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"%s\",\"logger_name\":\"%s\","
        + "\"thread_name\":\"t-1\",\"app_name\":\"orders\",\"span_event\":\"%s\"}";
    LogEvent first = parse(String.format(line, "a", "c.s.OrderController", "start"));
    LogEvent second = parse(String.format(line, "b", "c.s.OrderController", "start"));
    LogEvent third = parse(String.format(line, "c", "c.s.OrderRepository", "st\\u0061rt"));

    assertThat(second.logger()).isSameAs(first.logger());
    assertThat(second.thread()).isSameAs(first.thread());
    assertThat(second.service()).isSameAs(first.service());
    assertThat(second.attributes().get("span_event")).isSameAs(first.attributes().get("span_event"));
    assertThat(third.logger()).isEqualTo("c.s.OrderRepository");
    // escaped: its bytes are not the remembered ones, so it is decoded to an equal String of its own
    assertThat(third.attributes().get("span_event")).isEqualTo("start")
        .isNotSameAs(second.attributes().get("span_event"));
    assertThat(List.of(first.message(), second.message(), third.message())).containsExactly("a", "b", "c");
  }

  @Test
  void readsALogstashEncoderLine() throws LineRejectedException {
    LogEvent event = parse("{\"@timestamp\":\"2026-11-20T11:15:30.123456+01:00\",\"@version\":\"1\","
        + "\"message\":\"Received GET /api/orders/8412\",\"logger_name\":\"com.shop.orders.web.OrderController\","
        + "\"thread_name\":\"http-nio-8080-exec-7\",\"level\":\"INFO\",\"level_value\":20000,"
        + "\"traceId\":\"4BF92F3577B34DA6A3CE929D0E0E4736\",\"spanId\":\"00f067aa0ba902b7\","
        + "\"parentId\":\"53995c3f42cd8ad8\",\"span_event\":\"start\",\"app_name\":\"orders\",\"HOSTNAME\":\"orders-2\"}");
    Instant ts = Instant.parse("2026-11-20T10:15:30.123456Z");
    assertThat(event.timestampUs()).isEqualTo(ts.getEpochSecond() * 1_000_000 + 123_456);
    assertThat(event.level()).isEqualTo("INFO");
    assertThat(event.message()).isEqualTo("Received GET /api/orders/8412");
    assertThat(event.logger()).isEqualTo("com.shop.orders.web.OrderController");
    assertThat(event.thread()).isEqualTo("http-nio-8080-exec-7");
    // ids as logged: TraceContextResolver normalises them
    assertThat(event.traceId()).isEqualTo("4BF92F3577B34DA6A3CE929D0E0E4736");
    assertThat(event.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(event.parentSpanId()).isEqualTo("53995c3f42cd8ad8");
    assertThat(event.service()).isEqualTo("orders");
    assertThat(event.instance()).isEqualTo("orders-2");
    // mapped and ignored fields do not repeat in the attributes
    assertThat(event.attributes()).containsExactly(java.util.Map.entry("span_event", "start"));
  }

  @Test
  void keepsEscapesUnicodeAndOtherFieldsAsAttributes() throws LineRejectedException {
    LogEvent event = parse("{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"say \\\"hi\\\" \\u00e9 \u00fc\u4e2d\\n"
        + "next\",\"level\":\"warning\",\"user\":{\"id\":42,\"tier\":\"gold\"},\"tags\":[\"a\",1],\"ok\":true,"
        + "\"nothing\":null}");
    assertThat(event.message()).isEqualTo("say \"hi\" é ü中\nnext");
    assertThat(event.level()).isEqualTo("WARN");
    assertThat(event.attributes()).containsEntry("user.id", "42").containsEntry("user.tier", "gold")
        .containsEntry("tags", "[\"a\",1]").containsEntry("ok", "true").doesNotContainKey("nothing");
    assertThat(event.traceId()).isNull();
    assertThat(event.service()).isNull();
  }

  @Test
  void takesFirstIdFieldInMappingOrderAndEpochTimestamps() throws LineRejectedException {
    LogEvent event = parse("{\"trace_id\":\"bbbb\",\"traceId\":\"aaaa\",\"@timestamp\":1795169730123}");
    assertThat(event.traceId()).isEqualTo("aaaa");
    assertThat(event.timestampUs()).isEqualTo(1_795_169_730_123_000L);
  }

  @Test
  void rejectsWithReasons() {
    assertThat(rejectionOf("not json at all")).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(rejectionOf("{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"cut off")).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(rejectionOf("{\"@timestamp\":\"2026-11-20T10:15:30Z\"} trailing")).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(rejectionOf("[1,2]")).isEqualTo(RejectReason.NOT_AN_OBJECT);
    assertThat(rejectionOf("\"just a string\"")).isEqualTo(RejectReason.NOT_AN_OBJECT);
    assertThat(rejectionOf("{\"message\":\"no time\"}")).isEqualTo(RejectReason.MISSING_TIMESTAMP);
    assertThat(rejectionOf("{\"@timestamp\":\"20/11/2026\"}")).isEqualTo(RejectReason.BAD_TIMESTAMP);
    assertThat(rejectionOf("{\"@timestamp\":null}")).isEqualTo(RejectReason.MISSING_TIMESTAMP);
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[] line = "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"bad \u0000\"}".getBytes(StandardCharsets.UTF_8);
    line[line.length - 3] = (byte) 0xC3; // a lead byte with no continuation
    assertThatThrownBy(() -> parser.parse(line, 0, line.length))
        .isInstanceOfSatisfying(LineRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_UTF8));
  }

  @Test
  void rejectDetailsAreOneLineAndNameTheProblem() {
    assertThatThrownBy(() -> parse("{\"@timestamp\":\"yesterday\"}"))
        .hasMessage("@timestamp 'yesterday' is not an ISO-8601 time or epoch number");
    assertThatThrownBy(() -> parse("{\"a\":1,}")).hasMessageStartingWith("malformed JSON at column ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void parsesASliceOfABuffer() throws LineRejectedException {
    byte[] buffer = "xx{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"m\"}yy".getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parse(buffer, 2, buffer.length - 4).message()).isEqualTo("m");
  }
}
