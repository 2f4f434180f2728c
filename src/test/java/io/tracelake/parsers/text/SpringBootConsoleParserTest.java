package io.tracelake.parsers.text;

import static io.tracelake.parsers.text.ParserHarness.micros;
import static io.tracelake.parsers.text.ParserHarness.parse;
import static io.tracelake.parsers.text.ParserHarness.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SpringBootConsoleParserTest {
  private static final FileContext PARIS = new FileContext(LocalDate.of(2026, 11, 20), ZoneId.of("Europe/Paris"));

  private final LineParser parser = SpringBootConsoleParser.format().newParser(PARIS);

  @Test
  void boot2WithSleuth() throws LineRejectedException {
    LogEvent event = parse(parser, "2026-11-20 10:15:30.123  INFO [orders,4bf92f3577b34da6,00f067aa0ba902b7,true] "
        + "12345 --- [nio-8080-exec-7] c.s.orders.OrderController               : Received GET /api/orders/1");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T09:15:30.123Z")); // Paris, no offset logged
    assertThat(event.level()).isEqualTo("INFO");
    assertThat(event.service()).isEqualTo("orders");
    assertThat(event.traceId()).isEqualTo("4bf92f3577b34da6");
    assertThat(event.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(event.thread()).isEqualTo("nio-8080-exec-7");
    assertThat(event.logger()).isEqualTo("c.s.orders.OrderController");
    assertThat(event.message()).isEqualTo("Received GET /api/orders/1");
    assertThat(event.attributes()).containsEntry("pid", "12345").containsEntry("exportable", "true");
  }

  @Test
  void boot2SleuthWithoutTraceAndCustomBaggage() throws LineRejectedException {
    LogEvent noTrace = parse(parser, "2026-11-20 10:15:30.123 ERROR [orders,,] 12345 --- [           main] "
        + "o.s.boot.SpringApplication               : Application run failed");
    assertThat(noTrace.level()).isEqualTo("ERROR");
    assertThat(noTrace.traceId()).isNull();
    assertThat(noTrace.thread()).isEqualTo("main");
    LogEvent baggage = parse(parser, "2022-11-07 16:22:04.583  INFO [Sleuth Example,3e7eb8c882e31157,261ccb470dc092c4,"
        + "CID=my-id] 22656 --- [nio-8080-exec-1] c.b.e.sleuthexample.CatFactsController   : You are at sleuth endpoint");
    assertThat(baggage.service()).isEqualTo("Sleuth Example");
    assertThat(baggage.attributes()).containsEntry("CID", "my-id");
  }

  @Test
  void boot2WithoutTracing() throws LineRejectedException {
    LogEvent event = parse(parser, "2026-11-20 10:15:30.123  WARN 12345 --- [  restartedMain] "
        + "o.h.e.j.e.i.JdbcEnvironmentInitiator     : HHH000342: Could not obtain connection");
    assertThat(event.level()).isEqualTo("WARN");
    assertThat(event.thread()).isEqualTo("restartedMain");
    assertThat(event.service()).isNull();
    assertThat(event.message()).isEqualTo("HHH000342: Could not obtain connection");
  }

  @Test
  void boot3WithApplicationNameAndCorrelation() throws LineRejectedException {
    LogEvent event = parse(parser, "2026-11-20T10:15:30.123+01:00  INFO 12345 --- [orders] [nio-8080-exec-7] "
        + "[4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7] c.s.orders.OrderController               : Received");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T09:15:30.123Z"));
    assertThat(event.service()).isEqualTo("orders");
    assertThat(event.thread()).isEqualTo("nio-8080-exec-7");
    assertThat(event.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(event.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(event.message()).isEqualTo("Received");
  }

  @Test
  void boot3BlankCorrelationAndPaddedShortIds() throws LineRejectedException {
    LogEvent blank = parse(parser, "2026-11-20T10:15:30.123Z  INFO 12345 --- [orders] [           main] "
        + "[                                                 ] o.s.b.w.e.tomcat.TomcatWebServer        : Tomcat started");
    assertThat(blank.traceId()).isNull();
    assertThat(blank.spanId()).isNull();
    assertThat(blank.thread()).isEqualTo("main");
    assertThat(blank.service()).isEqualTo("orders");
    LogEvent padded = parse(parser, "2026-11-20T10:15:30.123Z DEBUG 12345 --- [orders] [nio-8080-exec-1] "
        + "[4bf92f3577b34da6                -00f067aa0ba902b7] c.s.o.Repo                               : query");
    assertThat(padded.traceId()).isEqualTo("4bf92f3577b34da6");
  }

  @Test
  void boot30WithoutNameAndBoot34WithGroupAndNoPid() throws LineRejectedException {
    LogEvent boot30 = parse(parser, "2026-11-20T10:15:30.123+01:00  INFO 12345 --- [nio-8080-exec-7] "
        + "c.s.orders.OrderController               : Received");
    assertThat(boot30.thread()).isEqualTo("nio-8080-exec-7");
    assertThat(boot30.service()).isNull();
    LogEvent boot34 = parse(parser, "2026-11-20T10:15:30.123+01:00  INFO  --- [orders] [shop] [nio-8080-exec-7] "
        + "[4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7] c.s.orders.OrderController               : Received");
    assertThat(boot34.service()).isEqualTo("orders");
    assertThat(boot34.attributes()).containsEntry("applicationGroup", "shop").doesNotContainKey("pid");
    assertThat(boot34.thread()).isEqualTo("nio-8080-exec-7");
    assertThat(boot34.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void boot3WithMicrometerLevelPattern() throws LineRejectedException {
    LogEvent event = parse(parser, "2026-11-20T10:15:30.123+01:00  INFO [orders,4bf92f3577b34da6a3ce929d0e0e4736,"
        + "00f067aa0ba902b7] 12345 --- [nio-8080-exec-7] c.s.orders.OrderController               : Received");
    assertThat(event.service()).isEqualTo("orders");
    assertThat(event.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void colouredConsoleCrlfAndEmptyMessage() throws LineRejectedException {
    LogEvent event = parse(parser, "\u001b[2m2026-11-20T10:15:30.123+01:00\u001b[0;39m \u001b[32m INFO\u001b[0;39m "
        + "\u001b[35m12345\u001b[0;39m \u001b[2m---\u001b[0;39m \u001b[2m[orders] [nio-8080-exec-7] \u001b[0;39m"
        + "\u001b[36mc.s.orders.OrderController              \u001b[0;39m \u001b[2m:\u001b[0;39m Received\r");
    assertThat(event.service()).isEqualTo("orders");
    assertThat(event.message()).isEqualTo("Received");
    LogEvent empty = parse(parser, "2026-11-20T10:15:30.123Z  INFO 1 --- [main] a.B :");
    assertThat(empty.message()).isEmpty();
  }

  @Test
  void customDatePattern() throws LineRejectedException {
    LineParser custom = SpringBootConsoleParser.format("dd-MM-yyyy HH:mm:ss").newParser(PARIS);
    LogEvent event = parse(custom, "20-11-2026 10:15:30  INFO 1 --- [main] a.B : hi");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T09:15:30Z"));
  }

  @Test
  void rejectsOtherLinesWithWhere() {
    assertThat(rejection(parser, "\tat com.shop.Orders.place(Orders.java:42)").reason())
        .isEqualTo(RejectReason.BAD_TIMESTAMP);
    LineRejectedException noDashes = rejection(parser, "2026-11-20T10:15:30.123Z  INFO 12345 [main] a.B : x");
    assertThat(noDashes.reason()).isEqualTo(RejectReason.NO_MATCH);
    assertThat(noDashes.getMessage()).isEqualTo("expected '---' after the pid at column 38");
    assertThat(rejection(parser, "2026-11-20T10:15:30.123Z  INFO 12345 --- main a.B : x").getMessage())
        .isEqualTo("expected '[' and the thread after '---' at column 42");
    assertThat(rejection(parser, "2026-11-20T10:15:30.123Z  INFO 12345 --- [main] a.B x").getMessage())
        .isEqualTo("expected ' : ' after the logger at column 49");
  }
}
