package io.tracelake.simulator;

import static io.tracelake.simulator.Spans.PARENT_ID;
import static io.tracelake.simulator.Spans.SPAN_ID;
import static io.tracelake.simulator.Spans.TRACE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The start line of one request in every format, character for character, and how errors continue. */
class EntryEncodersTest {
  private static final ZoneOffset ZONE = ZoneOffset.ofHours(1);
  private static final int PID = 4711;

  private static String encode(AppLogFormat format, LogLine line) {
    StringBuilder out = new StringBuilder();
    EntryEncoder.create(format, Spans.CART_1, ZONE, PID, true).encode(line, out);
    return out.toString();
  }

  private static String start(AppLogFormat format) {
    return encode(format, Spans.start(Spans.cartRequest()));
  }

  @Test
  void logstashJson() {
    assertThat(start(AppLogFormat.LOGSTASH_JSON)).isEqualTo("{\"@timestamp\":\"2026-11-20T11:15:30.123456+01:00\","
        + "\"@version\":\"1\",\"message\":\"Received GET /cart/42\","
        + "\"logger_name\":\"com.shop.cart.web.CartController\","
        + "\"thread_name\":\"http-nio-8080-exec-7\",\"level\":\"INFO\",\"level_value\":20000,\"traceId\":\"" + TRACE_ID
        + "\",\"spanId\":\"" + SPAN_ID + "\",\"parentId\":\"" + PARENT_ID + "\",\"span_event\":\"start\","
        + "\"span_name\":\"GET /cart/{id}\",\"span_kind\":\"SERVER\",\"app_name\":\"cart\",\"HOSTNAME\":\"cart-1\"}\n");
  }

  @Test
  void ecsJson() {
    assertThat(start(AppLogFormat.ECS_JSON)).isEqualTo("{\"@timestamp\":\"2026-11-20T10:15:30.123Z\","
        + "\"log.level\": \"INFO\",\"message\":\"Received GET /cart/42\",\"ecs.version\": \"1.2.0\","
        + "\"service.name\":\"cart\",\"service.node.name\":\"cart-1\",\"event.dataset\":\"cart\","
        + "\"process.thread.name\":\"http-nio-8080-exec-7\",\"log.logger\":\"com.shop.cart.web.CartController\","
        + "\"span_event\":\"start\",\"span_name\":\"GET /cart/{id}\",\"span_kind\":\"SERVER\",\"trace.id\":\""
        + TRACE_ID + "\",\"span.id\":\"" + SPAN_ID + "\"}\n");
  }

  @Test
  void otelJson() {
    assertThat(start(AppLogFormat.OTEL_JSON)).isEqualTo("{\"resourceLogs\":[{\"resource\":{\"attributes\":["
        + "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"cart\"}},"
        + "{\"key\":\"service.instance.id\",\"value\":{\"stringValue\":\"cart-1\"}},"
        + "{\"key\":\"host.name\",\"value\":{\"stringValue\":\"cart-1\"}}]},"
        + "\"scopeLogs\":[{\"scope\":{\"name\":\"com.shop.cart.web.CartController\"},\"logRecords\":[{"
        + "\"timeUnixNano\":\"1795169730123456000\",\"severityNumber\":9,\"severityText\":\"INFO\","
        + "\"body\":{\"stringValue\":\"Received GET /cart/42\"},\"attributes\":["
        + "{\"key\":\"thread.name\",\"value\":{\"stringValue\":\"http-nio-8080-exec-7\"}},"
        + "{\"key\":\"span_event\",\"value\":{\"stringValue\":\"start\"}},"
        + "{\"key\":\"span_name\",\"value\":{\"stringValue\":\"GET /cart/{id}\"}},"
        + "{\"key\":\"span_kind\",\"value\":{\"stringValue\":\"SERVER\"}}],"
        + "\"flags\":1,\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\","
        + "\"observedTimeUnixNano\":\"1795169730123456000\"}]}]}]}\n");
  }

  @Test
  void bunyanJson() {
    assertThat(start(AppLogFormat.BUNYAN_JSON)).isEqualTo("{\"name\":\"cart\",\"hostname\":\"cart-1\",\"pid\":4711,"
        + "\"level\":30,\"span_event\":\"start\",\"span_name\":\"GET /cart/{id}\",\"span_kind\":\"SERVER\","
        + "\"msg\":\"Received GET /cart/42\",\"time\":\"2026-11-20T10:15:30.123Z\",\"v\":0,\"trace_id\":\"" + TRACE_ID
        + "\",\"span_id\":\"" + SPAN_ID + "\",\"trace_flags\":\"01\"}\n");
  }

  @Test
  void pinoJson() {
    assertThat(start(AppLogFormat.PINO_JSON)).isEqualTo("{\"level\":30,\"time\":1795169730123,\"pid\":4711,"
        + "\"hostname\":\"cart-1\",\"name\":\"cart\",\"trace_id\":\"" + TRACE_ID + "\",\"span_id\":\"" + SPAN_ID
        + "\",\"trace_flags\":\"01\",\"span_event\":\"start\",\"span_name\":\"GET /cart/{id}\","
        + "\"span_kind\":\"SERVER\",\"msg\":\"Received GET /cart/42\"}\n");
  }

  @Test
  void logbackPattern() {
    assertThat(start(AppLogFormat.PATTERN)).isEqualTo("2026-11-20 11:15:30.123 INFO  [http-nio-8080-exec-7] "
        + "com.shop.cart.web.CartController traceId=" + TRACE_ID + " spanId=" + SPAN_ID + " parentId=" + PARENT_ID
        + " - Received GET /cart/42\n");
  }

  @Test
  void pythonLogging() {
    int line = StackTraces.lineNumber("com.shop.cart.web.CartController", "START");
    assertThat(start(AppLogFormat.PYTHON)).isEqualTo("2026-11-20 11:15:30,123 INFO [shop.cart.web.cart_controller] "
        + "[cart_controller.py:" + line + "] [trace_id=" + TRACE_ID + " span_id=" + SPAN_ID
        + " resource.service.name=cart trace_sampled=True] - Received GET /cart/42\n");
  }

  @Test
  void springBoot3AndSpringBoot2WithSleuth() {
    String logger = "com.shop.cart.web.CartController" + " ".repeat(8);
    assertThat(start(AppLogFormat.SPRING_BOOT)).isEqualTo("2026-11-20T11:15:30.123+01:00  INFO 4711 --- [cart] "
        + "[nio-8080-exec-7] [" + TRACE_ID + "-" + SPAN_ID + "] " + logger + " : Received GET /cart/42\n");
    assertThat(start(AppLogFormat.SPRING_BOOT_2)).isEqualTo("2026-11-20 11:15:30.123  INFO [cart," + TRACE_ID + ","
        + SPAN_ID + "] 4711 --- [nio-8080-exec-7] " + logger + " : Received GET /cart/42\n");
  }

  @Test
  void logfmtAsLogrusWritesIt() {
    assertThat(start(AppLogFormat.LOGFMT)).isEqualTo("time=\"2026-11-20T11:15:30.123456+01:00\" level=info "
        + "msg=\"Received GET /cart/42\" parent_id=" + PARENT_ID + " span_event=start span_id=" + SPAN_ID
        + " span_kind=SERVER span_name=\"GET /cart/{id}\" trace_id=" + TRACE_ID + "\n");
    StringBuilder quoted = new StringBuilder();
    LogfmtLineEncoder.appendValue(quoted, "say \"hi\"\\ café\n");
    assertThat(quoted.toString()).isEqualTo("\"say \\\"hi\\\"\\\\ café\\n\"");
  }

  @Test
  void errorEndLinesCarryTheExceptionTheFormatsWay() {
    LogLine end = Spans.end(Spans.failedCartRequest());
    String header = "GET /cart/{id} failed: SQLTransientConnectionException: HikariPool-1 - Connection is not "
        + "available, request timed out after 1000ms (completed in 12 ms)";
    String pattern = encode(AppLogFormat.PATTERN, end);
    assertThat(pattern).startsWith("2026-11-20 11:15:30.135 ERROR [http-nio-8080-exec-7] ").contains(header + "\n"
        + "jakarta.servlet.ServletException: Request processing failed: java.sql.SQLTransientConnectionException: "
        + "HikariPool-1").contains("\nCaused by: java.sql.SQLTransientConnectionException: HikariPool-1")
        .containsPattern("\n\t\\.\\.\\. \\d+ common frames omitted\n$");
    String boot = encode(AppLogFormat.SPRING_BOOT, end);
    assertThat(boot).contains(" : " + header + "\n\njakarta.servlet.ServletException: ").endsWith("omitted\n\n");
    assertThat(encode(AppLogFormat.SPRING_BOOT_2, end)).contains("\n\njavax.servlet.ServletException: ");
    assertThat(encode(AppLogFormat.PYTHON, end)).contains(" ERROR [shop.cart.web.cart_controller] ")
        .contains(header + "\nTraceback (most recent call last):\n")
        .endsWith("\nshop.cart.errors.SQLTransientConnectionException: HikariPool-1 - Connection is not available, "
            + "request timed out after 1000ms\n");
    assertThat(encode(AppLogFormat.LOGFMT, end)).contains(" level=error ")
        .contains(" error=\"SQLTransientConnectionException: HikariPool-1 - ").endsWith("trace_id=" + TRACE_ID + "\n");
    assertThat(encode(AppLogFormat.LOGSTASH_JSON, end)).contains("\"level_value\":40000,\"stack_trace\":"
        + "\"jakarta.servlet.ServletException: Request processing failed: java.sql.SQLTransientConnectionException");
    assertThat(encode(AppLogFormat.ECS_JSON, end)).contains("\"error.type\":\"jakarta.servlet.ServletException\","
        + "\"error.message\":\"Request processing failed: java.sql.SQLTransientConnectionException: HikariPool-1")
        .contains("\\n\\t... 21 more\"}\n");
    assertThat(encode(AppLogFormat.OTEL_JSON, end)).contains("{\"key\":\"exception.type\",\"value\":"
        + "{\"stringValue\":\"jakarta.servlet.ServletException\"}}").contains("\"severityNumber\":17,");
    assertThat(encode(AppLogFormat.BUNYAN_JSON, end)).contains("\"level\":50,").contains("\"status_code\":500,"
        + "\"err\":{\"message\":\"HikariPool-1 - Connection is not available, request timed out after 1000ms\","
        + "\"name\":\"SQLTransientConnectionException\",\"stack\":\"SQLTransientConnectionException: HikariPool-1");
    assertThat(encode(AppLogFormat.PINO_JSON, end)).contains("\"err\":{\"type\":\"SQLTransientConnectionException\","
        + "\"message\":\"HikariPool-1").contains("\\n    at CartController.getCart (/app/src/web/cart-controller.js:");
  }

  @Test
  void withoutExceptionsErrorLinesAreOneLine() {
    StringBuilder out = new StringBuilder();
    EntryEncoder.create(AppLogFormat.PATTERN, Spans.CART_1, ZONE, PID, false)
        .encode(Spans.end(Spans.failedCartRequest()), out);
    assertThat(out.toString()).hasLineCount(1);
  }
}
