package io.tracelake.simulator.accuracy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Reads the generator's ground truth: {@code truth/spans.jsonl} and {@code truth/summary.json}. */
public final class TruthFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TruthFiles() {}

  /**
   * The truth spans of traces whose root started on {@code day} (all of them when the truth has no days).
   *
   * @throws IllegalArgumentException when there are none: the truth is of another day, or empty
   */
  public static List<AccuracyScorer.TruthSpan> spans(Path truthDir, LocalDate day) throws IOException {
    Path file = truthDir.resolve("spans.jsonl");
    List<AccuracyScorer.TruthSpan> spans = new ArrayList<>();
    java.util.SortedSet<String> days = new java.util.TreeSet<>();
    String wanted = day.toString();
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        JsonNode node = JSON.readTree(line);
        JsonNode spanDay = node.get("day");
        if (spanDay != null && !wanted.equals(spanDay.asText())) {
          days.add(spanDay.asText());
          continue;
        }
        spans.add(new AccuracyScorer.TruthSpan(node.get("trace_id").asText(), node.get("span_id").asText(),
            node.get("parent_span_id").textValue(), node.get("service").asText(), node.get("instance").asText(),
            node.get("kind").asText(), node.get("start_us").asLong(), node.get("end_us").asLong(),
            node.get("clock_skew_us").asLong(), node.has("logged") ? node.get("logged").asText() : "app",
            !"request".equals(node.path("ids").asText("span"))));
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no ground truth at " + file + "; give the directory 'generate' wrote");
    }
    if (spans.isEmpty()) {
      // scoring nothing would read as 100 %: a truth of another day is a wrong argument, not a perfect score
      throw new IllegalArgumentException("the ground truth " + file + " has no trace of " + wanted
          + (days.isEmpty() ? "" : " (it holds " + String.join(", ", days) + ")")
          + "; give --date the day the truth was recorded for");
    }
    return spans;
  }

  /** Whether the generated logs carried span ids: false only for the request-id-only mode. */
  public static boolean spanIdsLogged(Path truthDir) throws IOException {
    Path summary = truthDir.resolve("summary.json");
    if (!Files.exists(summary)) {
      return true;
    }
    JsonNode ids = JSON.readTree(summary.toFile()).path("options").path("ids");
    return !"request".equals(ids.asText("full"));
  }
}
