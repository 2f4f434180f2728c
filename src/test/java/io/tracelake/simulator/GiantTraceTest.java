package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --giant-trace}: one request among the day's whose trace has about as many entries as asked. */
class GiantTraceTest {
  private static final int EVENTS = 20_000;
  private static final Pattern PAYMENT_CALL = Pattern.compile("Calling payments GET /payments/\\d+");
  private static final Pattern SHIPMENT_CALL = Pattern.compile("Calling shipping GET /shipments/\\d+");
  private static final Pattern PAGE_QUERY = Pattern.compile("Executing SELECT orders OFFSET (\\d+)");

  @Test
  void theGiantTraceHasAtLeastTheEventsAskedForAndIsOneTraceOfTheDay(@TempDir Path outDir) throws IOException {
    GeneratedDay day = GeneratedDay.generate(outDir, 50, 8L, Compression.NONE, Map.of(),
        Scenario.DEFAULT.withGiantTrace(EVENTS));
    JsonNode summary = day.summaryFile();
    String giant = summary.get("giant_trace_id").asText();
    assertThat(giant).matches("[0-9a-f]{32}");
    assertThat(day.summary.traces()).isEqualTo(51);
    long lines = 0;
    long exportLines = 0;
    long paymentCalls = 0;
    long shipmentCalls = 0;
    long pages = 0;
    for (Path file : day.logFiles()) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JsonNode entry = GeneratedDay.parse(line);
        if (!entry.get("traceId").asText().equals(giant)) {
          continue;
        }
        lines++;
        if (entry.get("app_name").asText().equals("orders")) {
          exportLines++;
          String message = entry.get("message").asText();
          paymentCalls += PAYMENT_CALL.matcher(message).matches() ? 1 : 0;
          shipmentCalls += SHIPMENT_CALL.matcher(message).matches() ? 1 : 0;
          Matcher page = PAGE_QUERY.matcher(message);
          if (page.matches()) {
            assertThat(Long.parseLong(page.group(1))).isEqualTo(pages * ShopTopology.EXPORT_PAGE_SIZE);
            pages++;
          }
        }
      }
    }
    assertThat(lines).isGreaterThanOrEqualTo(EVENTS).isLessThan(EVENTS + 100);
    assertThat(exportLines).as("the export's own calls and queries").isGreaterThan(EVENTS / 4);
    // an order's payment, then its shipment, a page of orders at a time
    assertThat(paymentCalls).isGreaterThan(EVENTS / 25);
    assertThat(shipmentCalls).isBetween(paymentCalls - 1, paymentCalls);
    assertThat(pages).isEqualTo((paymentCalls + ShopTopology.EXPORT_PAGE_SIZE - 1) / ShopTopology.EXPORT_PAGE_SIZE);
    List<JsonNode> spans = day.truthByTrace().get(giant);
    assertThat(spans).hasSizeGreaterThan(EVENTS / 5);
    JsonNode root = spans.get(0);
    assertThat(root.get("parent_span_id").isNull()).isTrue();
    assertThat(root.get("name").asText()).isEqualTo("GET /api/admin/orders/export");
    assertThat(root.get("day").asText()).isEqualTo(GeneratedDay.DATE.toString());
    assertThat(spans.stream().filter(s -> s.get("name").asText().equals("GET /orders/export")
        && s.get("kind").asText().equals("SERVER")).count()).isOne();
    // the other requests are those of the day without the giant one
    GeneratedDay plain = GeneratedDay.generate(outDir.resolve("plain"), 50, 8L, Compression.NONE);
    Map<String, List<JsonNode>> others = day.truthByTrace();
    others.remove(giant);
    assertThat(others.keySet()).isEqualTo(plain.truthByTrace().keySet());
  }
}
