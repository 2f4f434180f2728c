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
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrokParserTest {

  @Test
  void readsTheExpressionFromTheBrief() throws LineRejectedException {
    LineParser parser = GrokParser.compile(
        "%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} \\[%{DATA:thread}\\] %{GREEDYDATA:message}")
        .newParser(NOV_20_UTC);
    LogEvent event = parse(parser, "2026-11-20T10:15:30.123Z WARNING [pool-1-thread-3] disk 91% full\r");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T10:15:30.123Z"));
    assertThat(event.level()).isEqualTo("WARN");
    assertThat(event.thread()).isEqualTo("pool-1-thread-3");
    assertThat(event.message()).isEqualTo("disk 91% full");
  }

  @Test
  void combinedApacheLogWithTypesAndNestedCaptures() throws LineRejectedException {
    LineParser parser = GrokParser.compile("%{COMBINEDAPACHELOG} %{NUMBER:duration_us:int}")
        .newParser(NOV_20_UTC);
    LogEvent event = parse(parser, "10.1.2.3 - alice [20/Nov/2026:10:15:30 +0100] \"GET /api/orders/8412?x=1 HTTP/1.1\" "
        + "404 512 \"-\" \"curl/8.4.0\" 042000");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T09:15:30Z"));
    assertThat(event.httpMethod()).isEqualTo("GET");
    assertThat(event.httpPath()).isEqualTo("/api/orders/8412");
    assertThat(event.httpStatus()).isEqualTo(404);
    assertThat(event.durationUs()).isEqualTo(42_000L);
    assertThat(event.attributes()).containsEntry("clientip", "10.1.2.3").containsEntry("auth", "alice")
        .containsEntry("agent", "\"curl/8.4.0\"").containsEntry("bytes", "512").containsEntry("query", "x=1");
  }

  @Test
  void userPatternsMappingOverridesAndSyslog() throws LineRejectedException {
    LineParser parser = GrokParser.compile("%{SYSLOGBASE} %{TRACE:tid}/%{SPAN:[span][id]} %{GREEDYDATA:msg}",
        Map.of("TRACE", "%{BASE16NUM}", "SPAN", "[0-9a-f]{16}"),
        FieldMapping.withOverrides(Map.of("traceId", List.of("tid"), "instance", List.of("logsource"))), null)
        .newParser(NOV_20_UTC);
    LogEvent event = parse(parser, "Nov  2 10:15:30 web-1 orders[4242]: 4bf92f3577b34da6/00f067aa0ba902b7 started");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-02T10:15:30Z"));
    assertThat(event.traceId()).isEqualTo("4bf92f3577b34da6");
    assertThat(event.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(event.instance()).isEqualTo("web-1");
    assertThat(event.message()).isEqualTo("started");
    assertThat(event.attributes()).containsEntry("program", "orders").containsEntry("pid", "4242");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "IPV4 | 10.1.2.3 | true", "IPV4 | 256.1.2.3 | false", "IPV6 | 2001:db8::8a2e:370:7334 | true",
      "IPV6 | ::ffff:10.1.2.3 | true", "IP | fe80::1%eth0 | true", "UUID | cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2 | true",
      "MAC | 00:1a:2b:3c:4d:5e | true", "HOSTNAME | api.example.com | true", "HOSTPORT | db-1:5432 | true",
      "URI | https://user@api.example.com:8443/a/b?c=d | true", "URIPATHPARAM | /a/b?c=d&e | true",
      "PATH | /var/log/app.log | true", "PATH | C:\\logs\\app.log | true", "QUOTEDSTRING | \"say \\\"hi\\\"\" | true",
      "NUMBER | -12.5 | true", "INT | +42 | true", "BASE16NUM | 0x1F | true", "WORD | hello_1 | true",
      "USERNAME | alice.b-c | true", "HTTPDATE | 20/Nov/2026:10:15:30 +0000 | true",
      "SYSLOGTIMESTAMP | Nov  2 10:15:30 | true", "TIMESTAMP_ISO8601 | 2026-11-20T10:15:30.123+01:00 | true",
      "DATESTAMP | 11/20/2026 10:15:30 | true", "DATE_EU | 20.11.2026 | true", "LOGLEVEL | Warning | true",
      "LOGLEVEL | verbose | false", "JAVACLASS | com.shop.Orders$Inner | true", "MONTH | Dezember | true",
      "JAVASTACKTRACEPART | '\tat com.shop.Orders.place(Orders.java:42)' | true", "SYSLOGPROG | sshd[42] | true",
      "DAY | Friday | true", "TIME | 23:59:60 | true", "YEAR | 2026 | true", "ISO8601_TIMEZONE | -05:00 | true"})
  void libraryPatternsMatchWhatTheyName(String name, String text, boolean matches) {
    String regex = NamedGroups.rewrite(new GrokCompiler("^%{" + name + "}$", Map.of()).expand()).regex;
    assertThat(Pattern.compile(regex).matcher(text).matches()).isEqualTo(matches);
  }

  @Test
  void compileErrorsNameThePatternAndPosition() {
    assertThatThrownBy(() -> GrokParser.compile("%{TIMESTAMP_ISO8601:ts} %{NOPE:x}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grok expression '%{TIMESTAMP_ISO8601:ts} %{NOPE:x}': unknown pattern %{NOPE} at column 25");
    assertThatThrownBy(() -> GrokParser.compile("%{A:x}", Map.of("A", "%{B}"), FieldMapping.defaults(), null))
        .hasMessage("grok expression '%{A:x}': unknown pattern %{B} in the definition of %{A}");
    assertThatThrownBy(() -> GrokParser.compile("%{A:x}", Map.of("A", "a%{A}"), FieldMapping.defaults(), null))
        .hasMessage("grok expression '%{A:x}': pattern %{A} refers to itself in the definition of %{A}");
    assertThatThrownBy(() -> GrokParser.compile("%{WORD:x:bool}"))
        .hasMessage("grok expression '%{WORD:x:bool}': unknown type 'bool' in %{WORD:x:bool} at column 1");
    assertThatThrownBy(() -> GrokParser.compile("%{WORD:x} (unclosed"))
        .hasMessage("grok expression '%{WORD:x} (unclosed' is not a valid regex once expanded: Unclosed group");
    assertThatThrownBy(() -> GrokParser.compile("%{WORD} %{INT}"))
        .hasMessageEndingWith("captures nothing; name the fields, as in %{TIMESTAMP_ISO8601:timestamp}");
  }

  @Test
  void rejectsLinesThatDoNotMatchAndRunawayRegexes() {
    LineParser parser = GrokParser.compile("^%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} %{GREEDYDATA:message}$")
        .newParser(NOV_20_UTC);
    LineRejectedException e = rejection(parser, "Exception in thread main");
    assertThat(e.reason()).isEqualTo(RejectReason.NO_MATCH);
    assertThat(e.getMessage()).startsWith("line does not match grok expression '^%{TIMESTAMP_ISO8601:timestamp}");
    assertThat(rejection(parser, "2026-02-30T10:15:30Z INFO x").reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
    // a pattern RE2/J runs is linear: what backtracked for ever is a plain no_match
    LineParser nested = RegexParser.compile("^(?<timestamp>(.*a){20})$").newParser(NOV_20_UTC);
    assertThat(rejection(nested, "a".repeat(30) + "!").reason()).isEqualTo(RejectReason.NO_MATCH);
    // one only java.util.regex can run (a backreference) gives up after its step budget: line_too_costly
    LineParser runaway = RegexParser.compile("^(?<timestamp>(a|aa)+)\\2!$").newParser(NOV_20_UTC);
    LineRejectedException costly = rejection(runaway, "a".repeat(80));
    assertThat(costly.reason()).isEqualTo(RejectReason.LINE_TOO_COSTLY);
    assertThat(costly.getMessage()).contains("the regex gave up");
  }
}
