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
    ParserSpec spec = new ParserSpec(format, null, Map.of(), null, envelope, List.of(), multiline, ZoneOffset.UTC);
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
  void aLogfmtLineWithoutTimeInACriEnvelopeTakesTheEnvelopesTimeUnlessItContinuesAnEntry() {
    String cri = "2026-11-20T10:15:30.123456456Z stdout F level=info msg=\"no time\"\n"
        + "2026-11-20T10:15:30.200000000Z stdout F ts=2026-11-20T10:15:30.2Z level=error msg=failed\n"
        + "2026-11-20T10:15:30.300000000Z stdout F cause=timeout\n";
    List<ParsedLine> folded = parse("logfmt", "cri", null, cri);
    assertThat(folded).hasSize(2).allMatch(ParsedLine::isEvent);
    assertThat(folded.get(0).event().timestampUs()).isEqualTo(ENVELOPE_US);
    assertThat(folded.get(0).event().timeSource()).isEqualTo(TimeSource.ENVELOPE);
    assertThat(folded.get(1).event().timeSource()).isEqualTo(TimeSource.LINE);
    assertThat(folded.get(1).lineCount()).as("the line without time continues the error").isEqualTo(2);

    List<ParsedLine> single = parse("logfmt", "cri", false, cri);
    assertThat(single).hasSize(3).allMatch(ParsedLine::isEvent);
    assertThat(single.get(2).event().timeSource()).isEqualTo(TimeSource.ENVELOPE);
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
