package io.tracelake.parsers.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.ParsedLine;
import io.tracelake.model.RejectReason;
import io.tracelake.model.TimeSource;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParsers;
import io.tracelake.parsers.ParserSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A line with no time of its own takes its envelope's time, and the event says so; without an envelope it is rejected. */
class EnvelopeTimeFallbackTest {

  private static final long ENVELOPE_US = Instant.parse("2026-11-20T10:15:30.123456Z").toEpochMilli() * 1000 + 456;

  private static List<ParsedLine> parse(String format, String envelope, Boolean multiline, String text) {
    return parse(format, null, envelope, multiline, text);
  }

  private static List<ParsedLine> parse(String format, String pattern, String envelope, Boolean multiline,
      String text) {
    ParserSpec spec = new ParserSpec(format, pattern, Map.of(), null, envelope, List.of(), multiline, ZoneOffset.UTC);
    List<ParsedLine> out = new ArrayList<>();
    LineParsers.forFile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), spec,
        new FileContext(LocalDate.of(2026, 11, 20), ZoneOffset.UTC), "svc", null, 1 << 20).forEachRemaining(out::add);
    return out;
  }

  @Test
  void aPinoLineWithoutTimeInADockerEnvelopeTakesTheEnvelopesTime() {
    String docker = "{\"log\":\"{\\\"level\\\":30,\\\"msg\\\":\\\"no time here\\\"}\\n\",\"stream\":\"stdout\","
        + "\"time\":\"2026-11-20T10:15:30.123456789Z\"}\n"
        + "{\"log\":\"{\\\"level\\\":30,\\\"time\\\":1795169000000,\\\"msg\\\":\\\"own time\\\"}\\n\",\"stream\":\"stdout\","
        + "\"time\":\"2026-11-20T10:15:31Z\"}\n";
    List<ParsedLine> lines = parse("pino-json", "docker", null, docker);
    assertThat(lines).allMatch(ParsedLine::isEvent);
    assertThat(lines.get(0).event().timestampUs()).isEqualTo(Instant.parse("2026-11-20T10:15:30.123456Z")
        .toEpochMilli() * 1000 + 456);
    assertThat(lines.get(0).event().timeSource()).isEqualTo(TimeSource.ENVELOPE);
    assertThat(lines.get(1).event().timestampUs()).isEqualTo(1795169000000_000L);
    assertThat(lines.get(1).event().timeSource()).isEqualTo(TimeSource.LINE);
  }

  @Test
  void aLogfmtLineWithoutTimeInACriEnvelopeTakesTheEnvelopesTimeAndAStackTraceLineStillContinues() {
    String cri = "2026-11-20T10:15:30.123456456Z stdout F level=info msg=\"no time\"\n"
        + "2026-11-20T10:15:30.200000000Z stdout F ts=2026-11-20T10:15:30.2Z level=error msg=failed\n"
        + "2026-11-20T10:15:30.300000000Z stdout F \tat com.shop.Payments.charge(Payments.java:42)\n"
        + "2026-11-20T10:15:30.400000000Z stdout F level=info msg=\"no time either\"\n";
    List<ParsedLine> folded = parse("logfmt", "cri", null, cri);
    assertThat(folded).hasSize(3).allMatch(ParsedLine::isEvent);
    assertThat(folded.get(0).event().timestampUs()).isEqualTo(ENVELOPE_US);
    assertThat(folded.get(0).event().timeSource()).isEqualTo(TimeSource.ENVELOPE);
    assertThat(folded.get(1).event().timeSource()).isEqualTo(TimeSource.LINE);
    assertThat(folded.get(1).lineCount()).as("the stack trace line continues the error").isEqualTo(2);
    assertThat(folded.get(2).event().timeSource()).isEqualTo(TimeSource.ENVELOPE);
    assertThat(folded.get(2).event().message()).isEqualTo("no time either");
  }

  @Test
  void aDotnetConsoleEntryInACriEnvelopeTakesTheTimeOfItsFirstLine() {
    // Microsoft.Extensions.Logging's console formatter: no time, the message on the next, indented line
    String cri = "2026-11-20T10:15:30.123456456Z stdout F info: Microsoft.Hosting.Lifetime[14]\n"
        + "2026-11-20T10:15:30.123500000Z stdout F       Now listening on: http://[::]:8080\n"
        + "2026-11-20T10:15:31.000000000Z stdout F warn: Shop.Orders.OrderService[0]\n"
        + "2026-11-20T10:15:31.000100000Z stdout F       Slow payment trace_id=4bf92f3577b34da6a3ce929d0e0e4736\n";
    List<ParsedLine> lines = parse("regex", "^(?<level>[a-z]{4}): (?<logger>[^\\[]+)\\[\\d+\\]$", "cri", null, cri);
    assertThat(lines).hasSize(2).allMatch(ParsedLine::isEvent);
    assertThat(lines.get(0).event().timestampUs()).isEqualTo(ENVELOPE_US);
    assertThat(lines.get(0).event().timeSource()).isEqualTo(TimeSource.ENVELOPE);
    assertThat(lines.get(0).event().level()).isEqualTo("INFO");
    assertThat(lines.get(0).event().message()).isEqualTo("\n      Now listening on: http://[::]:8080");
    assertThat(lines.get(1).event().level()).isEqualTo("WARN");
    assertThat(lines.get(1).event().traceId()).as("an id in the text, found by default in text formats")
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void withoutAnEnvelopeALineWithoutTimeIsStillRejected() {
    List<ParsedLine> lines = parse("pino-json", null, null, "{\"level\":30,\"msg\":\"no time here\"}\n");
    assertThat(lines).singleElement().satisfies(line -> {
      assertThat(line.isEvent()).isFalse();
      assertThat(line.reject().reason()).isEqualTo(RejectReason.MISSING_TIMESTAMP);
    });
  }
}
