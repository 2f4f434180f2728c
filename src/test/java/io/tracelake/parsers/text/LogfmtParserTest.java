package io.tracelake.parsers.text;

import static io.tracelake.parsers.text.ParserHarness.NOV_20_UTC;
import static io.tracelake.parsers.text.ParserHarness.micros;
import static io.tracelake.parsers.text.ParserHarness.parse;
import static io.tracelake.parsers.text.ParserHarness.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogfmtParserTest {
  private final LineParser parser = LogfmtParser.format().newParser(NOV_20_UTC);

  @Test
  void readsGoKitAndSlogLines() throws LineRejectedException {
    LogEvent event = parse(parser, "ts=2026-11-20T10:15:30.123456Z level=info caller=orders.go:42 "
        + "msg=\"order placed for \\\"Zoë\\\"\" trace_id=4BF92F3577B34DA6A3CE929D0E0E4736 span_id=00f067aa0ba902b7 "
        + "service=orders method=GET path=/api/orders/8412?x=1 status=200 duration=42.5ms cached");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T10:15:30.123456Z"));
    assertThat(event.level()).isEqualTo("INFO");
    assertThat(event.message()).isEqualTo("order placed for \"Zoë\"");
    assertThat(event.traceId()).isEqualTo("4BF92F3577B34DA6A3CE929D0E0E4736");
    assertThat(event.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(event.service()).isEqualTo("orders");
    assertThat(event.httpMethod()).isEqualTo("GET");
    assertThat(event.httpPath()).isEqualTo("/api/orders/8412");
    assertThat(event.httpStatus()).isEqualTo(200);
    assertThat(event.durationUs()).isEqualTo(42_500L);
    assertThat(event.attributes()).containsExactlyInAnyOrderEntriesOf(
        Map.of("caller", "orders.go:42", "cached", "true", "query", "x=1"));
  }

  @Test
  void keySpellingsEscapesAndEpochTimes() throws LineRejectedException {
    LogEvent event = parse(parser, "time=1795169730.5 lvl=warn traceID=abc spanID=def parentID=0a requestID=r-1 "
        + "msg=\"line1\\nline2\\ttab \\\\ \\u00e9\" empty=\"\" k=v=w");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T10:15:30.5Z"));
    assertThat(event.level()).isEqualTo("WARN");
    assertThat(event.traceId()).isEqualTo("abc");
    assertThat(event.spanId()).isEqualTo("def");
    assertThat(event.parentSpanId()).isEqualTo("0a");
    assertThat(event.requestId()).isEqualTo("r-1");
    assertThat(event.message()).isEqualTo("line1\nline2\ttab \\ é");
    assertThat(event.attributes()).containsEntry("empty", "").containsEntry("k", "v=w");
  }

  @Test
  void mappingOverridesAndDatePattern() throws LineRejectedException {
    LineParser custom = LogfmtParser.format(FieldMapping.withOverrides(Map.of("timestamp", List.of("when"),
        "traceId", List.of("tid"))), "yyyy/MM/dd HH:mm:ss").newParser(NOV_20_UTC);
    LogEvent event = parse(custom, "when=\"2026/11/20 10:15:30\" tid=77 trace_id=88 ts=ignored");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T10:15:30Z"));
    assertThat(event.traceId()).isEqualTo("77");
    assertThat(event.attributes()).containsEntry("trace_id", "88").containsEntry("ts", "ignored");
    assertThatThrownBy(() -> FieldMapping.withOverrides(Map.of("trace", List.of("x"))))
        .hasMessageStartingWith("unknown field role 'trace'; known roles: timestamp, level, message");
  }

  @Test
  void rejectsWithReasons() {
    assertThat(rejection(parser, "just some text").getMessage()).isEqualTo("line has no key=value pair");
    LineRejectedException noTime = rejection(parser, "level=info msg=hi");
    assertThat(noTime.reason()).isEqualTo(RejectReason.MISSING_TIMESTAMP);
    assertThat(noTime.getMessage()).isEqualTo("no timestamp field (timestamp, time, ts, @timestamp, date, datetime, t)");
    LineRejectedException badTime = rejection(parser, "ts=yesterday msg=hi");
    assertThat(badTime.reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
    assertThat(badTime.getMessage()).startsWith("field 'ts' value 'yesterday' is not an ISO-8601 time");
    assertThat(rejection(parser, "ts=2026-11-20T10:15:30Z msg=\"unterminated").getMessage())
        .isEqualTo("unterminated quoted value of 'msg' starting at column 29");
    assertThat(rejection(parser, "ts=2026-11-20T10:15:30Z a\"b=1").getMessage())
        .isEqualTo("unexpected '\"' in a key at column 26");
    assertThat(rejection(parser, "ts=2026-11-20T10:15:30Z =1").getMessage())
        .isEqualTo("expected a key before '=' at column 25");
  }
}
