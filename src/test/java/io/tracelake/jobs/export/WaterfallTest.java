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
    assertThat(lines.get(0)).startsWith("trace " + TRACE).contains("400ms").contains("3 spans, 3 services").contains("ERROR");
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
      String axis = new Waterfall(width, false).render(TRACE, spans, logs).lines().skip(1).findFirst().orElseThrow();
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
}
