package io.tracelake.jobs.cli;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.export.OtlpJsonExport;
import io.tracelake.jobs.export.ZipkinExport;
import io.tracelake.jobs.warehouse.TraceFilter;
import io.tracelake.jobs.warehouse.TraceIdInput;
import io.tracelake.jobs.warehouse.TraceStore;
import io.tracelake.model.Span;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tracelake export}: traces as Zipkin v2 JSON or OTLP JSON, for the Zipkin and Jaeger UIs and OTLP tools. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes traces from the warehouse as Zipkin v2 JSON (a list of spans: Zipkin's POST /api/v2/spans "
        + "and its UI's Upload JSON) or OTLP JSON (an ExportTraceServiceRequest: Jaeger UI's JSON File upload, an "
        + "OpenTelemetry collector's OTLP/HTTP receiver).",
        "Which traces: ids (--trace, --traces-file), or a filter over the traces table (--service, --errors-only, "
            + "--min-duration, --start/--end, --limit); the days searched are --date or --from/--to, else all."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written (ids not found are listed on standard error)", "2:bad arguments or configuration",
        "4:none of the traces asked for was found"})
final class ExportCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--format", required = true, paramLabel = "zipkin|otlp", description = "zipkin or otlp.")
  String format;

  @Mixin
  TraceSearchOptions search;

  @Option(names = "--trace", paramLabel = "ID", description = "A trace to export (repeatable); taken as `trace` takes it.")
  List<String> traces = new ArrayList<>();

  @Option(names = "--traces-file", paramLabel = "FILE|URI",
      description = "Trace ids, one a line (blank lines and # comments skipped); a local file or any Hadoop URI.")
  String tracesFile;

  @Option(names = "--service", paramLabel = "NAME", description = "Traces with a span of this service.")
  String service;

  @Option(names = "--errors-only", description = "Traces with an error.")
  boolean errorsOnly;

  @Option(names = "--min-duration", paramLabel = "MS", description = "Traces at least this many milliseconds long.")
  Double minDurationMs;

  @Option(names = "--start", paramLabel = "INSTANT", description = "Traces that started at or after, e.g. 2026-11-20T10:00:00Z.")
  String start;

  @Option(names = "--end", paramLabel = "INSTANT", description = "Traces that started before.")
  String end;

  @Option(names = "--limit", paramLabel = "N", description = "At most N traces, the earliest first.")
  Integer limit;

  @Option(names = "--out", paramLabel = "FILE|URI",
      description = "Write here (a local file or any Hadoop URI) instead of standard output.")
  String out;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("zipkin") && !format.equals("otlp")) {
      throw new IllegalArgumentException("--format must be zipkin or otlp, was '" + format + "'");
    }
    Set<String> ids = requestedIds();
    boolean filtered = service != null || errorsOnly || minDurationMs != null || start != null || end != null;
    if (!ids.isEmpty() && filtered) {
      throw new IllegalArgumentException("give trace ids (--trace, --traces-file) or a filter, not both");
    }
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
    }
    if (minDurationMs != null && minDurationMs < 0) {
      throw new IllegalArgumentException("--min-duration must not be negative, was " + minDurationMs);
    }
    TraceFilter filter = new TraceFilter(service, errorsOnly,
        minDurationMs == null ? null : Math.round(minDurationMs * 1000), instant("--start", start),
        instant("--end", end), limit);
    TracelakeConfig cfg = search.load();
    try (SparkSessions.Handle session = SparkSessions.open(cfg, "tracelake export")) {
      TraceStore store = new TraceStore(session.spark(), cfg.warehouse(), search.first(), search.last());
      List<String> wanted = ids.isEmpty() ? store.find(filter) : new ArrayList<>(ids);
      if (!ids.isEmpty() && limit != null && wanted.size() > limit) {
        wanted = wanted.subList(0, limit);
      }
      Map<String, List<Span>> found = store.spans(wanted);
      List<String> missing = wanted.stream().filter(id -> !found.containsKey(id)).toList();
      if (!ids.isEmpty() && !missing.isEmpty()) {
        spec.commandLine().getErr().println("tracelake: " + missing.size() + " of " + wanted.size()
            + " traces not found " + search.describe() + ": " + String.join(" ", missing.subList(0, Math.min(10, missing.size())))
            + (missing.size() > 10 ? " ..." : ""));
      }
      if (found.isEmpty() && !ids.isEmpty()) {
        return ExitCodes.NOT_FOUND;
      }
      List<Span> spans = new ArrayList<>();
      for (String id : wanted) {
        spans.addAll(found.getOrDefault(id, List.of()));
      }
      byte[] json = format.equals("zipkin") ? ZipkinExport.json(spans) : OtlpJsonExport.json(spans);
      write(json);
      if (out != null) {
        spec.commandLine().getErr().println("tracelake: " + found.size() + " traces, " + spans.size() + " spans to " + out);
      }
      return ExitCodes.OK;
    }
  }

  private Set<String> requestedIds() throws IOException {
    Set<String> ids = new LinkedHashSet<>();
    for (String trace : traces) {
      ids.add(TraceIdInput.normalize(trace));
    }
    if (tracesFile != null) {
      List<String> lines;
      try {
        lines = HadoopFiles.readString(tracesFile).lines().toList();
      } catch (FileNotFoundException e) {
        throw new IllegalArgumentException("--traces-file " + tracesFile + " does not exist");
      }
      for (String line : lines) {
        String text = line.strip();
        if (!text.isEmpty() && !text.startsWith("#")) {
          ids.add(TraceIdInput.normalize(text));
        }
      }
    }
    return ids;
  }

  private void write(byte[] json) throws IOException {
    if (out != null) {
      HadoopFiles.write(out, json);
      return;
    }
    // the writer picocli hands out is for text; JSON is already UTF-8 bytes
    spec.commandLine().getOut().print(new String(json, StandardCharsets.UTF_8));
    spec.commandLine().getOut().println();
    spec.commandLine().getOut().flush();
  }

  private static Instant instant(String option, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is not an instant such as 2026-11-20T10:00:00Z");
    }
  }
}
