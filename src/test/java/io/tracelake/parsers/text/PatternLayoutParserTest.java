package io.tracelake.parsers.text;

import static io.tracelake.parsers.text.ParserHarness.NOV_20_UTC;
import static io.tracelake.parsers.text.ParserHarness.micros;
import static io.tracelake.parsers.text.ParserHarness.parse;
import static io.tracelake.parsers.text.ParserHarness.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatternLayoutParserTest {

  private static LineParser parser(String layout) {
    return PatternLayoutParser.compile(layout).newParser(NOV_20_UTC);
  }

  @Test
  void readsTheLayoutFromTheBrief() throws LineRejectedException {
    LineParser parser = parser(
        "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} [%X{traceId},%X{spanId}] - %msg%n");
    LogEvent event = parse(parser, "2026-11-20 10:15:30.123 INFO  [http-nio-8080-exec-7] c.s.orders.OrderController "
        + "[4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b7] - Received GET /api/orders/8412 - done");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T10:15:30.123Z"));
    assertThat(event.level()).isEqualTo("INFO");
    assertThat(event.thread()).isEqualTo("http-nio-8080-exec-7");
    assertThat(event.logger()).isEqualTo("c.s.orders.OrderController");
    assertThat(event.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(event.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(event.message()).isEqualTo("Received GET /api/orders/8412 - done");
    assertThat(event.attributes()).isEmpty();

    LogEvent noTrace = parse(parser, "2026-11-20 10:15:31.000 ERROR [main] Application [,] - Boot failed\r");
    assertThat(noTrace.level()).isEqualTo("ERROR");
    assertThat(noTrace.traceId()).isNull();
    assertThat(noTrace.spanId()).isNull();
    assertThat(noTrace.message()).isEqualTo("Boot failed");
  }

  @Test
  void idsAreKeptAsLoggedAndUnknownMdcKeysBecomeAttributes() throws LineRejectedException {
    LineParser parser = parser("%d %p [%X{X-B3-TraceId:-},%X{X-B3-SpanId:-},%X{parent_id}] [%X{user}] %C.%M:%L %m");
    LogEvent event = parse(parser, "2026-11-20 10:15:30,123 WARN [4BF92F3577B34DA6, 00F067AA0BA902B7 ,] [alice] "
        + "com.shop.Orders.place:42 stock low");
    assertThat(event.traceId()).isEqualTo("4BF92F3577B34DA6");
    assertThat(event.spanId()).isEqualTo("00F067AA0BA902B7");
    assertThat(event.parentSpanId()).isNull();
    assertThat(event.attributes()).containsExactlyInAnyOrderEntriesOf(
        Map.of("user", "alice", "class", "com.shop.Orders", "method", "place", "line", "42"));
    assertThat(event.message()).isEqualTo("stock low");
  }

  @Test
  void paddingAndTruncationOfAllWidths() throws LineRejectedException {
    LineParser parser = parser("%d{HH:mm:ss.SSS} %5p [%15.15t] %-40.40logger{39} : %m%n");
    LogEvent event = parse(parser, "10:15:30.123  INFO [nio-8080-exec-7] c.s.orders.OrderController               : ok");
    assertThat(event.level()).isEqualTo("INFO");
    assertThat(event.thread()).isEqualTo("nio-8080-exec-7");
    assertThat(event.logger()).isEqualTo("c.s.orders.OrderController");
    assertThat(event.message()).isEqualTo("ok");
    // a fixed-width thread may hold the separator itself
    LogEvent odd = parse(parser, "10:15:30.124 ERROR [ool-1] worker-1] o.a.k.c.NetworkClient                    : x");
    assertThat(odd.thread()).isEqualTo("ool-1] worker-1");
    assertThat(odd.level()).isEqualTo("ERROR");
    // a logger longer than the padding
    LogEvent longLogger = parse(parser,
        "10:15:30.125 DEBUG [           main] org.springframework.boot.web.embedded.tomcat : started");
    assertThat(longLogger.thread()).isEqualTo("main");
    assertThat(longLogger.logger()).isEqualTo("org.springframework.boot.web.embedded.tomcat");
  }

  @Test
  void coloursAndPlaceholdersKeepTheirInnerPattern() throws LineRejectedException {
    LineParser parser = parser("%clr(%d{${LOG_DATEFORMAT_PATTERN:-yyyy-MM-dd HH:mm:ss.SSS}}){faint} "
        + "%clr(${LOG_LEVEL_PATTERN:-%5p}) %clr(${PID:- }){magenta} %clr(---){faint} %clr([%15.15t]){faint} "
        + "%clr(%-40.40logger{39}){cyan} %clr(:){faint} %m%n${LOG_EXCEPTION_CONVERSION_WORD:-%wEx}");
    String line = "2026-11-20 10:15:30.123  INFO 12345 --- [nio-8080-exec-7] c.s.orders.OrderController     "
        + "          : Received GET /api/orders/1";
    LogEvent event = parse(parser, line);
    assertThat(event.level()).isEqualTo("INFO");
    assertThat(event.attributes()).containsEntry("pid", "12345");
    assertThat(event.message()).isEqualTo("Received GET /api/orders/1");
    // the same with the ANSI colours a forced console writes
    LogEvent coloured = parse(parser, "\u001b[2m2026-11-20 10:15:30.123\u001b[0;39m \u001b[32m INFO\u001b[0;39m "
        + "\u001b[35m12345\u001b[0;39m \u001b[2m---\u001b[0;39m \u001b[2m[nio-8080-exec-7]\u001b[0;39m "
        + "\u001b[36mc.s.orders.OrderController              \u001b[0;39m \u001b[2m:\u001b[0;39m Received");
    assertThat(coloured.thread()).isEqualTo("nio-8080-exec-7");
    assertThat(coloured.message()).isEqualTo("Received");
  }

  @Test
  void log4j2SyntaxWithNamedDatesZonesAndHighlight() throws LineRejectedException {
    LineParser parser = PatternLayoutParser.compile(
        "%d{ISO8601}{UTC} %highlight{%-5level}{ERROR=red} [%t] %c{1.} - %X{requestId} %msg%n%throwable")
        .newParser(new FileContext(LocalDate.of(2026, 11, 20), ZoneId.of("Europe/Paris")));
    LogEvent event = parse(parser, "2026-11-20T10:15:30,123 WARN  [pool-2-thread-1] o.a.k.Consumer - req-77 rebalanced");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T10:15:30.123Z"));
    assertThat(event.level()).isEqualTo("WARN");
    assertThat(event.requestId()).isEqualTo("req-77");
    assertThat(event.message()).isEqualTo("rebalanced");
  }

  @Test
  void logbackZoneArgumentAndTimeOnlyDatesRollOverMidnight() throws LineRejectedException {
    LineParser parser = parser("%d{HH:mm:ss.SSS, America/New_York} [%thread] %-5level %logger - %msg");
    assertThat(parse(parser, "23:59:59.999 [main] INFO  a.B - late").timestampUs())
        .isEqualTo(micros("2026-11-21T04:59:59.999Z"));
    assertThat(parse(parser, "00:00:00.001 [main] INFO  a.B - early").timestampUs())
        .isEqualTo(micros("2026-11-21T05:00:00.001Z"));
  }

  @Test
  void wholeMdcAndSpringOptionalGroups() throws LineRejectedException {
    LineParser parser = parser("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p %pid --- %esb(){APPLICATION_NAME}"
        + "%esb{APPLICATION_GROUP}[%15.15t] %correlationId%-40.40logger{39} : %m {%X}%n");
    LogEvent full = parse(parser, "2026-11-20T11:15:30.123+01:00  INFO 12345 --- [orders] [shop] [nio-8080-exec-7] "
        + "[4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7] c.s.orders.OrderController               : Received "
        + "{traceId=4bf92f3577b34da6a3ce929d0e0e4736, tenant=acme}");
    assertThat(full.service()).isEqualTo("orders");
    assertThat(full.attributes()).containsEntry("APPLICATION_GROUP", "shop").containsEntry("tenant", "acme");
    assertThat(full.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(full.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(full.message()).isEqualTo("Received");
    LogEvent bare = parse(parser, "2026-11-20T11:15:30.123+01:00  INFO 12345 --- [nio-8080-exec-7] "
        + "c.s.orders.OrderController               : Received {}");
    assertThat(bare.service()).isNull();
    assertThat(bare.thread()).isEqualTo("nio-8080-exec-7");
    assertThat(bare.traceId()).isNull();
  }

  @Test
  void rejectsWhatAlmostMatchesAndSaysWhere() {
    LineParser parser = parser("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg");
    LineRejectedException missingBracket = rejection(parser, "2026-11-20 10:15:30.123 INFO  main] a.B - x");
    assertThat(missingBracket.reason()).isEqualTo(RejectReason.NO_MATCH);
    assertThat(missingBracket.getMessage()).isEqualTo("expected ' [' after the level at column 25");
    LineRejectedException badDate = rejection(parser, "2026-11-20 25:15:30.123 INFO  [main] a.B - x");
    assertThat(badDate.reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
    assertThat(badDate.getMessage()).isEqualTo(
        "expected the hour of date pattern 'yyyy-MM-dd HH:mm:ss.SSS' at column 12");
    assertThat(rejection(parser, "\tat com.shop.Orders.place(Orders.java:42)").reason())
        .isEqualTo(RejectReason.BAD_TIMESTAMP);
    assertThat(rejection(parser, "2026-11-20 10:15:30.123 INFO  [main] a.B").getMessage())
        .isEqualTo("expected ' - ' after the logger at column 38");
  }

  @Test
  void keepsUnicodeTabsAndVeryLongMessages() throws LineRejectedException {
    LineParser parser = parser("%d %-5p [%t] %c - %m%n");
    String message = "Bestellung für Zoë 🚀\tfertig " + "x".repeat(100_000);
    LogEvent event = parse(parser, "2026-11-20 10:15:30,123 INFO  [wörker-1] ü.Ä - " + message);
    assertThat(event.thread()).isEqualTo("wörker-1");
    assertThat(event.logger()).isEqualTo("ü.Ä");
    assertThat(event.message()).isEqualTo(message);
  }

  @Test
  void compileErrorsSayWhatAndWhere() {
    assertThatThrownBy(() -> PatternLayoutParser.compile("%level %msg"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pattern layout '%level %msg' has no date (%d), so its lines have no time");
    assertThatThrownBy(() -> PatternLayoutParser.compile("%d %thread%logger %m"))
        .hasMessage("pattern layout '%d %thread%logger %m' has %thread and %logger with nothing between them to tell"
            + " where one ends at column 11");
    assertThatThrownBy(() -> PatternLayoutParser.compile("%d{yyyy-MM-dd %m"))
        .hasMessage("pattern layout '%d{yyyy-MM-dd %m' has a '{' that is never closed at column 3");
    assertThatThrownBy(() -> PatternLayoutParser.compile("%d{yyyy-MM-ddTHH} %m"))
        .hasMessageStartingWith("pattern layout '%d{yyyy-MM-ddTHH} %m' has a date that does not compile (date pattern");
    assertThatThrownBy(() -> PatternLayoutParser.compile("%d{HH:mm}{Mars/Base} %m"))
        .hasMessage("pattern layout '%d{HH:mm}{Mars/Base} %m' names time zone 'Mars/Base', which is unknown at column 1");
    assertThatThrownBy(() -> PatternLayoutParser.compile("%clr(%d %m"))
        .hasMessageStartingWith("pattern layout '%clr(%d %m' has no ')' to close what opens");
  }
}
