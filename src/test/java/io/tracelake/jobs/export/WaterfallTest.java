package io.tracelake.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.jobs.warehouse.TraceIdInput;
import io.tracelake.model.Coded;
import io.tracelake.model.KindSource;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParentSource;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TimingSource;
import io.tracelake.parsers.context.TraceIds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaterfallTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final long T0 = 1_795_600_000_000_000L;

  private static Span span(String id, String parent, String service, String name, long startMs, long endMs,
      String status, long skewUs, String parentSource) {
    return new Span(TRACE, id, parent, service, service + "-1", name, SpanKind.SERVER, T0 + startMs * 1000,
        T0 + endMs * 1000, status.equals("ERROR"), 1, null, null,
        status.equals("ERROR") ? "java.io.IOException" : null, TimingSource.MARKERS,
        Coded.fromCode(ParentSource.class, parentSource), 1.0, skewUs, false,
        KindSource.LOGGED);
  }

  private static LogEvent log(long tsUs, String level, String service, String instance, String message,
      String spanId, String exceptionType, String exceptionMessage) {
    return LogEvent.builder(tsUs).level(level).service(service).instance(instance).message(message).traceId(TRACE)
        .spanId(spanId).exceptionType(exceptionType).exceptionMessage(exceptionMessage).attributes(Map.of()).build();
  }

  private final List<Span> spans = List.of(
      span("00000000000000a1", null, "gateway", "GET /checkout", 0, 400, "OK", 0, "none"),
      span("00000000000000b2", "00000000000000a1", "orders", "POST /orders", 200, 400, "ERROR", 0, "explicit"),
      span("00000000000000c3", "00000000000000b2", "payments", "charge", 300, 400, "OK", 1500, "call_line"));
  private final List<LogEvent> logs = List.of(
      log(T0 + 250_000, "ERROR", "orders", "orders-1", "order failed\nsecond line", "00000000000000b2",
          "java.io.IOException", "disk full\n\tat x"),
      log(T0 + 10_000, "INFO", "gateway", "gateway-1", "request in", "00000000000000a1", null, null));

  @Test
  void spansAreATreeWithBarsOnOneTimeAxis() {
    String text = new Waterfall(100, false).render(TRACE, spans, logs.stream()
        .sorted(java.util.Comparator.comparingLong(LogEvent::timestampUs)).toList());
    List<String> lines = text.lines().toList();
    // at 100 columns the header takes two lines; the error flag stays beside the id
    assertThat(lines.get(0)).startsWith("trace " + TRACE + "  ERROR").contains("400ms");
    assertThat(lines.get(1)).isEqualTo("3 spans, 3 services");
    List<String> rows = lines.stream().filter(l -> l.contains("|")).toList();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).contains("gateway  GET /checkout");
    assertThat(rows.get(1)).contains("  orders  POST /orders");
    assertThat(rows.get(2)).contains("    payments  charge");
    // the root fills the axis; the child starting at half the trace starts its bar at half the width
    String rootBar = rows.get(0).substring(rows.get(0).indexOf('|') + 1, rows.get(0).lastIndexOf('|'));
    String childBar = rows.get(1).substring(rows.get(1).indexOf('|') + 1, rows.get(1).lastIndexOf('|'));
    assertThat(rootBar.chars().allMatch(c -> c == '█')).isTrue();
    assertThat(childBar.length()).isEqualTo(rootBar.length());
    assertThat(childBar.indexOf('!')).isEqualTo(rootBar.length() / 2);
    assertThat(rows.get(0).length()).isLessThanOrEqualTo(100);
    // markers: error, skew-adjusted and inferred parent, with a legend that names them
    assertThat(rows.get(1)).startsWith("!  ");
    assertThat(rows.get(2)).startsWith(" ~?");
    assertThat(text).contains("!  error").contains("~  times shifted").contains("?  parent inferred");
    assertThat(text).doesNotContain("\u001b[");
  }

  @Test
  void logLinesFollowInTimeOrderWithTheExceptionsFirstLine() {
    String text = new Waterfall(100, false).render(TRACE, spans, List.of(logs.get(1), logs.get(0)));
    List<String> lines = text.lines().dropWhile(l -> !l.startsWith("log lines")).toList();
    assertThat(lines.get(0)).isEqualTo("log lines (2)");
    assertThat(lines.get(1)).contains("gateway/gateway-1").contains("INFO").endsWith("request in");
    assertThat(lines.get(2)).contains("orders/orders-1").contains("ERROR").endsWith("order failed");
    assertThat(lines.get(3)).contains("java.io.IOException: disk full").doesNotContain("at x");
  }

  @Test
  void axisTicksNeverRunTogether() {
    for (int width = 60; width <= 140; width += 7) {
      // the header wraps on narrow terminals: the axis is the line that starts the time scale
      String axis = new Waterfall(width, false).render(TRACE, spans, logs).lines().filter(l -> l.contains("0µs"))
          .findFirst().orElseThrow();
      assertThat(axis.strip()).startsWith("0µs").endsWith("400ms");
      assertThat(axis.strip().split(" +")).allSatisfy(tick -> assertThat(tick).matches("[0-9.]+(µs|ms|s)"));
    }
  }

  @Test
  void coloursOnlyWhenAsked() {
    assertThat(new Waterfall(100, true).render(TRACE, spans, logs)).contains("\u001b[31m");
  }

  @Test
  void idsAreTakenAsPastedAndNormalisedLikeIngest() {
    assertThat(TraceIdInput.normalize(" 4BF92F3577B34DA6A3CE929D0E0E4736 ")).isEqualTo(TRACE);
    assertThat(TraceIdInput.normalize("4bf92f35-77b3-4da6-a3ce-929d0e0e4736")).isEqualTo(TRACE);
    assertThat(TraceIdInput.normalize("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEqualTo(TRACE);
    assertThat(TraceIdInput.normalize("a3ce929d0e0e4736")).isEqualTo("0000000000000000a3ce929d0e0e4736");
    assertThat(TraceIdInput.normalize("req-view-42")).isEqualTo(TraceIds.hashToTraceId("req-view-42"));
    assertThatThrownBy(() -> TraceIdInput.normalize("-")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void logLinesAreOnTheSpansClockWithTheLoggedTimeOnRequest() {
    // payments' host runs 1.5 ms behind: its span was moved by +1500 µs, so its line moves with it and now
    // comes after the orders line logged 1 ms later by the orders host's clock
    LogEvent payments = log(T0 + 299_500, "INFO", "payments", "payments-1", "charging", null, null, null);
    LogEvent orders = log(T0 + 300_500, "INFO", "orders", "orders-1", "calling payments", null, null, null);
    List<String> lines = new Waterfall(140, false).render(TRACE, spans, List.of(payments, orders)).lines()
        .dropWhile(l -> !l.startsWith("log lines")).toList();
    assertThat(lines.get(0)).contains("~ marks a line its host's clock_skew_us shifted").contains("--raw-time");
    assertThat(lines.get(1)).startsWith(time(T0 + 300_500) + "  orders/orders-1");
    assertThat(lines.get(2)).startsWith(time(T0 + 301_000) + "~ payments/payments-1");

    List<String> raw = new Waterfall(140, false, false, true).render(TRACE, spans, List.of(payments, orders))
        .lines().dropWhile(l -> !l.startsWith("log lines")).toList();
    assertThat(raw.get(2)).startsWith(time(T0 + 301_000) + "~ " + time(T0 + 299_500) + " payments/payments-1");
    // no correction anywhere: no marker and no note
    assertThat(new Waterfall(100, false).render(TRACE, spans.subList(0, 2), List.of(orders)))
        .contains("log lines (1)\n" + time(T0 + 300_500) + "  orders").doesNotContain("clock_skew_us");
  }

  @Test
  void everyLineFitsTheWidthInTerminalColumnsAndLoggedControlCharactersCannotReachTheTerminal() {
    String service = "inventory-reservation-service-with-a-very-long-name-" + "z".repeat(120);
    List<Span> wide = List.of(span("00000000000000a1", null, service, "GET /" + "p".repeat(300), 0, 400, "ERROR", 1500,
        "call_line"));
    List<LogEvent> logs = List.of(
        log(T0 + 1_000, "ERROR", service, "host-" + "h".repeat(200), "注文の処理に失敗しました".repeat(30) + " END",
            null, "java.lang.IllegalStateException" + ".X".repeat(100), "state \u001b[31mred\u001b[0m " + "s".repeat(500)),
        log(T0 + 2_000, "WARN", "gateway", "gateway-1", "clear screen \u001b[2J\r and bell \u0007 " + "é".repeat(300),
            null, null, null));
    for (int width = 60; width <= 200; width += 13) {
      String text = new Waterfall(width, false).render(TRACE, wide, logs);
      for (String line : text.lines().toList()) {
        assertThat(Waterfall.columns(line)).as("%d: %s", width, line).isLessThanOrEqualTo(width);
      }
      assertThat(text).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u0007").doesNotContain(" END")
          .contains("…");
    }
    String full = new Waterfall(80, false, true, false).render(TRACE, wide, logs);
    assertThat(full).contains("注文の処理に失敗しました".repeat(30) + " END").contains("s".repeat(500))
        .contains("clear screen ␛[2J\n").contains(" and bell ␇ ").doesNotContain("\u001b");
    assertThat(Waterfall.columns("注文")).isEqualTo(4);
    assertThat(Waterfall.columns("e\u0301")).isEqualTo(1);
    assertThat(Waterfall.cut("注文の処理", 6)).isEqualTo("注文…");
  }

  @Test
  void fullShowsEveryLineOfAMessageAndOfItsException() {
    String text = new Waterfall(100, false, true, false).render(TRACE, spans, List.of(logs.get(0)));
    assertThat(text).contains("order failed\n" + " ".repeat(17) + "second line\n");
    assertThat(text).contains("java.io.IOException: disk full\n" + " ".repeat(19) + " at x");
  }

  @Test
  void aPastedSixteenHexIdIsALowerHalf() {
    assertThat(TraceIdInput.lowerHalf(" 0xA3CE929D0E0E4736")).isEqualTo("a3ce929d0e0e4736");
    assertThat(TraceIdInput.lowerHalf(TRACE)).isNull();
    assertThat(TraceIdInput.lowerHalf("req-view-42")).isNull();
  }

  private static String time(long us) {
    return java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(java.time.ZoneOffset.UTC)
        .format(java.time.Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1_000));
  }
}
