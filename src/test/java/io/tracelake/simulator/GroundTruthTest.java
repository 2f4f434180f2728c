package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated spans cover what a trace rebuilder must cope with, and form well-shaped traces. */
class GroundTruthTest {
  private static final List<String> TRUTH_KEYS = List.of("trace_id", "span_id", "parent_span_id", "service",
      "instance", "name", "kind", "start_us", "end_us", "error", "clock_skew_us", "peer_service", "logged", "day");

  @TempDir
  static Path outDir;
  private static GeneratedDay day;
  private static List<JsonNode> spans;
  private static Map<String, List<JsonNode>> traces;

  @BeforeAll
  static void generate() throws IOException {
    day = GeneratedDay.generate(outDir, 2000, 20261120L, Compression.NONE);
    spans = day.truth();
    traces = day.truthByTrace();
  }

  @Test
  void summaryCountsWhatWasWritten() {
    assertThat(day.summary.requests()).isEqualTo(2000);
    assertThat(day.summary.traces()).isEqualTo(2000);
    assertThat(traces).hasSize(2000);
    assertThat(day.summary.spans()).isEqualTo(spans.size());
    assertThat(day.summary.truthFile()).isEqualTo(outDir.resolve("truth/spans.jsonl"));
  }

  @Test
  void everySpanHasExactlyTheTruthKeys() {
    for (JsonNode span : spans) {
      List<String> keys = new ArrayList<>();
      span.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).isEqualTo(TRUTH_KEYS);
      // every service writes its log and no request crosses midnight
      assertThat(span.get("logged").asText()).isEqualTo("app");
      assertThat(span.get("day").asText()).isEqualTo(GeneratedDay.DATE.toString());
    }
  }

  @Test
  void coversTheShopAndItsPeers() {
    Set<String> services = spans.stream().map(s -> s.get("service").asText()).collect(Collectors.toSet());
    assertThat(services).contains("gateway").hasSizeGreaterThanOrEqualTo(9)
        .doesNotContain("postgres", "redis", "kafka", "smtp");
    assertThat(spans.stream().map(s -> s.get("kind").asText()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("SERVER", "CLIENT", "PRODUCER", "CONSUMER", "INTERNAL");
    Set<String> clientPeers = spans.stream().filter(s -> kind(s).equals("CLIENT"))
        .map(s -> s.get("peer_service").asText()).collect(Collectors.toSet());
    assertThat(clientPeers).contains("postgres", "redis", "smtp", "payments", "inventory");
    assertThat(spans.stream().filter(s -> kind(s).equals("PRODUCER")))
        .allSatisfy(s -> assertThat(s.get("peer_service").asText()).isEqualTo("kafka"));
    assertThat(spans.stream().filter(s -> !kind(s).equals("CLIENT") && !kind(s).equals("PRODUCER")))
        .allSatisfy(s -> assertThat(s.get("peer_service").isNull()).isTrue());
  }

  @Test
  void tracesHaveOneGatewayRootAndNoDanglingParents() {
    for (List<JsonNode> trace : traces.values()) {
      Set<String> ids = new HashSet<>();
      trace.forEach(s -> ids.add(s.get("span_id").asText()));
      assertThat(ids).hasSize(trace.size());
      List<JsonNode> roots = trace.stream().filter(s -> s.get("parent_span_id").isNull()).toList();
      assertThat(roots).hasSize(1);
      assertThat(roots.get(0).get("service").asText()).isEqualTo("gateway");
      assertThat(kind(roots.get(0))).isEqualTo("SERVER");
      for (JsonNode span : trace) {
        if (!span.get("parent_span_id").isNull()) {
          assertThat(ids).contains(span.get("parent_span_id").asText());
        }
        assertThat(span.get("trace_id").asText()).matches("[0-9a-f]{32}");
        assertThat(span.get("span_id").asText()).matches("[0-9a-f]{16}");
      }
    }
  }

  @Test
  void callsLinkClientToServerAndProducerToConsumers() {
    for (List<JsonNode> trace : traces.values()) {
      Map<String, JsonNode> byId = byId(trace);
      Map<String, List<JsonNode>> children = children(trace);
      for (JsonNode span : trace) {
        List<JsonNode> kids = children.getOrDefault(id(span), List.of());
        switch (kind(span)) {
          case "SERVER" -> {
            if (!span.get("parent_span_id").isNull()) {
              JsonNode caller = byId.get(span.get("parent_span_id").asText());
              assertThat(kind(caller)).isEqualTo("CLIENT");
              assertThat(caller.get("peer_service").asText()).isEqualTo(span.get("service").asText());
              assertThat(span.get("instance").asText()).isNotEqualTo(caller.get("instance").asText());
              assertThat(start(span)).isGreaterThan(start(caller));
              assertThat(end(span)).isLessThan(end(caller));
            }
          }
          case "CONSUMER" -> {
            JsonNode producer = byId.get(span.get("parent_span_id").asText());
            assertThat(kind(producer)).isEqualTo("PRODUCER");
            assertThat(start(span)).isGreaterThan(end(producer));
          }
          case "CLIENT" -> {
            boolean uninstrumented = Set.of("postgres", "redis", "smtp").contains(span.get("peer_service").asText());
            assertThat(kids).hasSize(uninstrumented ? 0 : 1);
          }
          default -> { }
        }
        if (!kind(span).equals("PRODUCER")) {
          for (JsonNode kid : kids) {
            assertThat(start(kid)).isGreaterThan(start(span));
            assertThat(end(kid)).isLessThan(end(span));
          }
        }
        assertThat(end(span) - start(span)).isGreaterThanOrEqualTo(2);
      }
    }
  }

  @Test
  void publishedEventsAreConsumedBySeveralServicesOftenAfterTheRequestHasAnswered() {
    long late = 0;
    long fannedOut = 0;
    for (List<JsonNode> trace : traces.values()) {
      JsonNode root = trace.get(0);
      late += trace.stream().filter(s -> kind(s).equals("CONSUMER") && start(s) > end(root)).count();
      Map<String, List<JsonNode>> children = children(trace);
      fannedOut += trace.stream().filter(s -> kind(s).equals("PRODUCER"))
          .filter(s -> children.getOrDefault(id(s), List.of()).stream()
              .map(c -> c.get("service").asText()).distinct().count() >= 2)
          .count();
    }
    assertThat(late).isPositive();
    assertThat(fannedOut).isPositive();
  }

  @Test
  void parallelCallsOverlapInTime() {
    long overlapping = 0;
    for (List<JsonNode> trace : traces.values()) {
      for (List<JsonNode> siblings : children(trace).values()) {
        for (int i = 0; i < siblings.size(); i++) {
          for (int j = i + 1; j < siblings.size(); j++) {
            JsonNode a = siblings.get(i);
            JsonNode b = siblings.get(j);
            if (kind(a).equals("CLIENT") && kind(b).equals("CLIENT") && start(a) < end(b) && start(b) < end(a)) {
              overlapping++;
            }
          }
        }
      }
    }
    assertThat(overlapping).isGreaterThan(100);
  }

  @Test
  void failedCallsAreRetriedAsNewClientSpans() {
    int retried = 0;
    int recovered = 0;
    for (List<JsonNode> trace : traces.values()) {
      Map<String, JsonNode> byId = byId(trace);
      for (List<JsonNode> siblings : children(trace).values()) {
        Map<String, List<JsonNode>> byName = new TreeMap<>();
        siblings.stream().filter(s -> kind(s).equals("CLIENT"))
            .forEach(s -> byName.computeIfAbsent(s.get("name").asText(), n -> new ArrayList<>()).add(s));
        for (List<JsonNode> calls : byName.values()) {
          // a retry: the same call again after the previous attempt failed; parallel calls of the same
          // operation (a fan-out) overlap instead
          boolean retries = calls.size() > 1;
          for (int i = 1; i < calls.size(); i++) {
            retries &= calls.get(i - 1).get("error").asBoolean() && start(calls.get(i)) > end(calls.get(i - 1));
          }
          if (!retries) {
            continue;
          }
          retried++;
          if (!calls.get(calls.size() - 1).get("error").asBoolean()) {
            recovered++;
            JsonNode parent = byId.get(calls.get(0).get("parent_span_id").asText());
            if (parent.get("error").asBoolean()) {
              assertThat(siblings).as("the caller failed for another reason than the recovered call")
                  .anySatisfy(other -> {
                    assertThat(other.get("name").asText()).isNotEqualTo(calls.get(0).get("name").asText());
                    assertThat(other.get("error").asBoolean()).isTrue();
                  });
            }
          }
        }
      }
    }
    assertThat(retried).isPositive();
    assertThat(recovered).isPositive();
  }

  @Test
  void errorsPropagateToTheRootAndStayRare() {
    int failedRequests = 0;
    for (List<JsonNode> trace : traces.values()) {
      JsonNode root = trace.get(0);
      Map<String, List<JsonNode>> children = children(trace);
      if (root.get("error").asBoolean()) {
        failedRequests++;
        // the gateway never fails on its own: follow the failure down to where it began
        JsonNode span = root;
        int depth = 0;
        while (children.getOrDefault(id(span), List.of()).stream().anyMatch(k -> k.get("error").asBoolean())) {
          span = children.get(id(span)).stream().filter(k -> k.get("error").asBoolean()).findFirst().orElseThrow();
          depth++;
        }
        assertThat(depth).isPositive();
      }
      for (JsonNode span : trace) {
        // a synchronous call that failed for good fails its caller (a retried attempt may not)
        if (kind(span).equals("SERVER") && span.get("error").asBoolean() && !span.get("parent_span_id").isNull()) {
          assertThat(byId(trace).get(span.get("parent_span_id").asText()).get("error").asBoolean()).isTrue();
        }
      }
    }
    assertThat(failedRequests).isBetween(10, 100);
  }

  @Test
  void servicesRunOnSeveralSkewedInstances() {
    Map<String, Set<String>> instances = new TreeMap<>();
    Map<String, Long> skews = new HashMap<>();
    for (JsonNode span : spans) {
      String instance = span.get("instance").asText();
      instances.computeIfAbsent(span.get("service").asText(), s -> new TreeSet<>()).add(instance);
      Long earlier = skews.put(instance, span.get("clock_skew_us").asLong());
      if (earlier != null) {
        assertThat(span.get("clock_skew_us").asLong()).isEqualTo(earlier);
      }
      assertThat(instance).startsWith(span.get("service").asText() + "-");
    }
    assertThat(instances.get("gateway")).hasSize(2);
    assertThat(instances.values()).allSatisfy(set -> assertThat(set).hasSizeBetween(2, 4));
    assertThat(skews.values()).allSatisfy(skew -> assertThat(Math.abs(skew)).isLessThanOrEqualTo(25_000));
    assertThat(skews.values()).contains(0L).anySatisfy(skew -> assertThat(skew).isNotZero());
  }

  @Test
  void requestsArriveThroughTheDayInOrder() {
    long dayStart = GeneratedDay.DATE.toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC) * 1_000_000L;
    long previousRoot = Long.MIN_VALUE;
    for (List<JsonNode> trace : traces.values()) {
      JsonNode root = trace.get(0);
      assertThat(start(root)).isGreaterThanOrEqualTo(previousRoot)
          .isBetween(dayStart + 60_000_000L, dayStart + (23 * 60 + 58) * 60_000_000L);
      previousRoot = start(root);
      long previousStart = Long.MIN_VALUE;
      for (JsonNode span : trace) {
        assertThat(start(span)).isGreaterThanOrEqualTo(previousStart);
        previousStart = start(span);
        assertThat(end(span)).isLessThan(dayStart + 86_400_000_000L);
      }
    }
  }

  private static Map<String, JsonNode> byId(List<JsonNode> trace) {
    Map<String, JsonNode> byId = new HashMap<>();
    trace.forEach(s -> byId.put(id(s), s));
    return byId;
  }

  private static Map<String, List<JsonNode>> children(List<JsonNode> trace) {
    Map<String, List<JsonNode>> children = new HashMap<>();
    for (JsonNode span : trace) {
      if (!span.get("parent_span_id").isNull()) {
        children.computeIfAbsent(span.get("parent_span_id").asText(), p -> new ArrayList<>()).add(span);
      }
    }
    return children;
  }

  private static String id(JsonNode span) {
    return span.get("span_id").asText();
  }

  private static String kind(JsonNode span) {
    return span.get("kind").asText();
  }

  private static long start(JsonNode span) {
    return span.get("start_us").asLong();
  }

  private static long end(JsonNode span) {
    return span.get("end_us").asLong();
  }
}
