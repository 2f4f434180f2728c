package io.tracelake.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One generator run for tests, with its ground truth and its log lines read back. */
final class GeneratedDay {
  static final LocalDate DATE = LocalDate.of(2026, 11, 20);
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path outDir;
  final GenerationSummary summary;

  private GeneratedDay(Path outDir, GenerationSummary summary) {
    this.outDir = outDir;
    this.summary = summary;
  }

  static GeneratedDay generate(Path outDir, int requests, long seed, Compression compression) throws IOException {
    return generate(outDir, requests, seed, compression, Map.of());
  }

  static GeneratedDay generate(Path outDir, int requests, long seed, Compression compression,
      Map<String, ServiceFormat> formats) throws IOException {
    GenerationSummary summary =
        new LogSimulator(new GeneratorOptions(outDir, DATE, requests, seed, compression, formats)).run();
    return new GeneratedDay(outDir, summary);
  }

  static GeneratedDay generate(Path outDir, int requests, long seed, Compression compression,
      Map<String, ServiceFormat> formats, Scenario scenario) throws IOException {
    GenerationSummary summary =
        new LogSimulator(new GeneratorOptions(outDir, DATE, requests, seed, compression, formats, scenario)).run();
    return new GeneratedDay(outDir, summary);
  }

  /** A day already generated into {@code outDir}, for its files only. */
  static GeneratedDay at(Path outDir) {
    return new GeneratedDay(outDir, null);
  }

  /** truth/summary.json. */
  JsonNode summaryFile() throws IOException {
    return JSON.readTree(outDir.resolve("truth").resolve(SummaryFile.FILE_NAME).toFile());
  }

  Path logDirectory() {
    return outDir.resolve("logs").resolve(DATE.toString());
  }

  /** Every file under the output directory, relative to it, in name order. */
  List<Path> files() throws IOException {
    try (Stream<Path> walk = Files.walk(outDir)) {
      return walk.filter(Files::isRegularFile).map(outDir::relativize).sorted().toList();
    }
  }

  List<Path> logFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(logDirectory())) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** The application log files of the day (access logs left out), each with its lines, files in name order. */
  Map<Path, List<String>> appLogLines() throws IOException {
    Map<Path, List<String>> lines = new LinkedHashMap<>();
    for (Path file : logFiles()) {
      if (!file.getParent().getFileName().toString().equals(InstanceLogs.ACCESS_DIRECTORY)) {
        lines.put(file, Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  /** Every application log line of a day in logstash JSON lines, parsed. */
  List<JsonNode> jsonAppLines() throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (List<String> lines : appLogLines().values()) {
      lines.forEach(line -> nodes.add(parse(line)));
    }
    return nodes;
  }

  List<JsonNode> truth() throws IOException {
    return readJsonLines(summary.truthFile());
  }

  /** Truth spans by trace id, traces in file order. */
  Map<String, List<JsonNode>> truthByTrace() throws IOException {
    Map<String, List<JsonNode>> traces = new LinkedHashMap<>();
    for (JsonNode span : truth()) {
      traces.computeIfAbsent(span.get("trace_id").asText(), id -> new ArrayList<>()).add(span);
    }
    return traces;
  }

  static List<JsonNode> readJsonLines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      nodes.add(parse(line));
    }
    return nodes;
  }

  static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + line, e);
    }
  }

  static long epochMicros(String isoTimestamp) {
    OffsetDateTime time = OffsetDateTime.parse(isoTimestamp);
    return time.toEpochSecond() * 1_000_000L + time.getNano() / 1_000;
  }
}
