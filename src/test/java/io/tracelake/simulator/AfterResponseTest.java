package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracelake.simulator.ParsedLogs.Parsed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --after-response}: a share of the requests is answered 202 and its work goes on later in the
 * worker service, which logs only the request id; the truth makes the job a child of the handling that
 * enqueued it.
 */
class AfterResponseTest {
  private static final int REQUESTS = 300;
  private static final long SEED = 37L;
  private static final double SHARE = 0.3;

  @TempDir
  static Path outDir;
  private static GeneratedDay day;
  private static List<JsonNode> truth;
  private static Map<String, JsonNode> byId;
  /** The worker's first span of each deferred request, by trace id. */
  private static Map<String, JsonNode> jobs;

  @BeforeAll
  static void generate() throws IOException {
    day = GeneratedDay.generate(outDir, REQUESTS, SEED, Compression.NONE, Map.of(),
        Scenario.DEFAULT.withAfterResponse(SHARE));
    truth = day.truth();
    byId = new HashMap<>();
    truth.forEach(span -> byId.put(span.get("span_id").asText(), span));
    jobs = new HashMap<>();
    for (JsonNode span : truth) {
      if (worker(span) && !worker(byId.get(span.get("parent_span_id").asText()))) {
        assertThat(jobs.put(span.get("trace_id").asText(), span)).as("one job per request").isNull();
      }
    }
  }

  @Test
  void aShareOfRequestsLeavesItsWorkToTheWorkerAfterAnswering() throws IOException {
    assertThat((double) jobs.size() / REQUESTS).isBetween(SHARE - 0.07, SHARE + 0.07);
    JsonNode summary = day.summaryFile();
    assertThat(summary.at("/options/after_response").asDouble()).isEqualTo(SHARE);
    assertThat(summary.get("after_response_requests").asLong()).isEqualTo(jobs.size());
    for (JsonNode job : jobs.values()) {
      JsonNode handling = byId.get(job.get("parent_span_id").asText());
      assertThat(job.get("kind").asText()).isEqualTo("CONSUMER");
      assertThat(handling.get("kind").asText()).isEqualTo("SERVER");
      assertThat(handling.get("service").asText()).isNotIn("gateway", "auth", ShopTopology.WORKER);
      // the job starts after the handling answered, and does the handling's work: it has children of its own
      assertThat(job.get("start_us").asLong()).isGreaterThan(handling.get("end_us").asLong());
      assertThat(truth).anySatisfy(span -> assertThat(span.get("parent_span_id").asText())
          .isEqualTo(job.get("span_id").asText()));
    }
    assertThat(truth).allSatisfy(span -> assertThat(span.get("ids").asText()).isEqualTo(worker(span) ? "request" : "full"));
  }

  @Test
  void theHandlingAnswers202AndTheWorkerLogsOnlyTheRequestId() throws IOException {
    Map<String, List<JsonNode>> linesBySpan = new HashMap<>();
    List<JsonNode> workerLines = new ArrayList<>();
    for (JsonNode line : day.jsonAppLines()) {
      if (line.get("app_name").asText().equals(ShopTopology.WORKER)) {
        workerLines.add(line);
      } else {
        linesBySpan.computeIfAbsent(line.get("spanId").asText(), id -> new ArrayList<>()).add(line);
      }
    }
    Set<String> requestIds = new HashSet<>();
    jobs.keySet().forEach(traceId -> requestIds.add(IdMode.requestId(traceId)));
    assertThat(workerLines).hasSizeGreaterThan(jobs.size() * 4).allSatisfy(line -> {
      assertThat(line.has("traceId") || line.has("spanId") || line.has("parentId")).as("%s", line).isFalse();
      assertThat(requestIds).contains(line.get("requestId").asText());
    });
    for (JsonNode job : jobs.values()) {
      JsonNode handling = byId.get(job.get("parent_span_id").asText());
      List<JsonNode> lines = linesBySpan.get(handling.get("span_id").asText());
      assertThat(lines).anySatisfy(line -> assertThat(line.get("message").asText())
          .matches("Enqueued \\w+Job to worker-jobs, answering 202 Accepted"));
      assertThat(lines.get(lines.size() - 1).get("status_code").asInt()).isEqualTo(202);
      JsonNode root = truth.stream().filter(span -> span.get("trace_id").equals(job.get("trace_id"))
          && span.get("parent_span_id").isNull()).findFirst().orElseThrow();
      List<JsonNode> rootLines = linesBySpan.get(root.get("span_id").asText());
      assertThat(rootLines.get(rootLines.size() - 1).get("status_code").asInt()).as("%s", root).isEqualTo(202);
    }
  }

  @Test
  void theConfigReadsTheRequestIdSoTheWorkersEventsJoinTheirTrace() throws IOException {
    assertThat(Files.readString(day.summary.configFile())).contains("request_id: [requestId]");
    List<Parsed> events = ParsedLogs.parse(day.summary.configFile(), GeneratedDay.DATE);
    List<Parsed> workerEvents = events.stream().filter(p -> ShopTopology.WORKER.equals(p.event().service())).toList();
    assertThat(workerEvents).isNotEmpty()
        .allSatisfy(p -> assertThat(jobs).containsKey(p.event().traceId()));
    assertThat((long) events.size()).isEqualTo(day.summaryFile().get("log_entries").asLong());
  }

  @Test
  void otherRequestsStayThoseOfTheDayWithoutTheOption(@TempDir Path plainDir) throws IOException {
    GeneratedDay plain = GeneratedDay.generate(plainDir, REQUESTS, SEED, Compression.NONE);
    List<JsonNode> untouched = RepeatsTest.withoutHabits(truth).stream()
        .filter(span -> !jobs.containsKey(span.get("trace_id").asText())).toList();
    List<JsonNode> plainUntouched = plain.truth().stream()
        .filter(span -> !jobs.containsKey(span.get("trace_id").asText())).toList();
    assertThat(untouched).hasSizeGreaterThan(1000).isEqualTo(plainUntouched);
  }

  @Test
  void rejectsSharesOutsideZeroToOne() {
    assertThatThrownBy(() -> Scenario.DEFAULT.withAfterResponse(2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--after-response");
  }

  private static boolean worker(JsonNode span) {
    return span.get("service").asText().equals(ShopTopology.WORKER);
  }
}
