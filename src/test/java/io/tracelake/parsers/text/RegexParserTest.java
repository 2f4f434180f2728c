package io.tracelake.parsers.text;

import static io.tracelake.parsers.text.ParserHarness.NOV_20_UTC;
import static io.tracelake.parsers.text.ParserHarness.micros;
import static io.tracelake.parsers.text.ParserHarness.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.LogEvent;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegexParserTest {

  @Test
  void namedGroupsWithAnyNameFillTheEvent() throws LineRejectedException {
    LineParser parser = RegexParser.compile("^(?<@timestamp>\\S+ \\S+) \\[(?<trace_id>[0-9a-f]*),(?P<span_id>[0-9a-f]*)\\] "
        + "(?<severity>\\w+) (?<req_id>\\S+) (?<logger>[\\w.]+): (?<msg>.*)$",
        FieldMapping.defaults(), "yyyy-MM-dd HH:mm:ss,SSS").newParser(NOV_20_UTC);
    LogEvent event = parse(parser, "2026-11-20 10:15:30,123 [4bf92f3577b34da6,00f067aa0ba902b7] error r-9 a.b.C: boom");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T10:15:30.123Z"));
    assertThat(event.traceId()).isEqualTo("4bf92f3577b34da6");
    assertThat(event.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(event.level()).isEqualTo("ERROR");
    assertThat(event.requestId()).isEqualTo("r-9");
    assertThat(event.logger()).isEqualTo("a.b.C");
    assertThat(event.message()).isEqualTo("boom");
  }

  @Test
  void backReferencesUnnamedGroupsAndIgnoredFields() throws LineRejectedException {
    LineParser parser = RegexParser.compile("(?<q>['\"])(?<ts>[^'\"]+)\\k<q> (\\d+) (?<secret>\\S+) (?<elapsed>\\S+)",
        FieldMapping.withOverrides(Map.of("ignored", List.of("secret", "q"))), null).newParser(NOV_20_UTC);
    LogEvent event = parse(parser, "prefix '2026-11-20T10:15:30Z' 7 hunter2 1m2.5s");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T10:15:30Z"));
    assertThat(event.durationUs()).isEqualTo(62_500_000L);
    assertThat(event.attributes()).isEmpty();
  }

  @Test
  void compileErrorsPointIntoTheRegexAsWritten() {
    assertThatThrownBy(() -> RegexParser.compile("(?<trace_id>[0-9a-f+) (?<msg>.*)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("regex '(?<trace_id>[0-9a-f+) (?<msg>.*)' does not compile: Unclosed character class")
        .hasMessageContaining(" at position ");
    assertThatThrownBy(() -> RegexParser.compile("^\\S+ (\\w+)$"))
        .hasMessage("regex '^\\S+ (\\w+)$' has no named group; name the fields, as in (?<timestamp>\\S+)");
  }
}
