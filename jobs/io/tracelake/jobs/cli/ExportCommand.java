package io.tracelake.jobs.cli;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.export.HttpSender;
import io.tracelake.jobs.export.OtlpJsonExport;
import io.tracelake.jobs.export.ZipkinExport;
import io.tracelake.jobs.warehouse.TraceFilter;
import io.tracelake.jobs.warehouse.TraceIdInput;
import io.tracelake.jobs.warehouse.TraceStore;
import io.tracelake.model.Span;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
            + "--min-duration, --start/--end, --limit); the days searched are --date or --from/--to, else all.",
        "Where: standard output, a file (--out), or a server (--post-to URL: Zipkin's /api/v2/spans or an OTLP/HTTP "
            + "/v1/traces), in batches of --batch-size traces; a summary goes to standard error."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written or sent (ids not found are listed on standard error)",
        "1:a batch could not be sent (after its retries); the summary says which", "2:bad arguments or configuration",
        "4:none of the traces asked for was found, or no trace matches the filter"})
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

  @Mixin
  TraceFilterOptions filters;

  @Option(names = "--out", paramLabel = "FILE|URI",
      description = "Write here (a local file or any Hadoop URI) instead of standard output; with several batches "
          + "one file a batch, numbered before the extension (traces-00001.json, ...).")
  String out;

  @Option(names = "--post-to", paramLabel = "URL",
      description = "POST to this collector URL instead: Zipkin's http://HOST:9411/api/v2/spans (--format zipkin) or "
          + "an OTLP/HTTP receiver's http://HOST:4318/v1/traces (--format otlp). (--to is the last day searched.)")
  String postTo;

  @Option(names = "--batch-size", paramLabel = "TRACES",
      description = "Traces a batch (a body, a file): default all in one for output, " + DEFAULT_POST_BATCH
          + " for --post-to, whose servers cap a request's size.")
  Integer batchSize;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
      description = "With --post-to: attempts after the first for a batch the server did not take but may later "
          + "(no answer, 408, 429, 5xx), with exponential back-off from 0.5 s. Default: ${DEFAULT-VALUE}.")
  int retries;

  /** Zipkin's server refuses bodies past its request limit (HTTP 413): a few hundred traces stay far below it. */
  static final int DEFAULT_POST_BATCH = 200;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("zipkin") && !format.equals("otlp")) {
      throw new IllegalArgumentException("--format must be zipkin or otlp, was '" + format + "'");
    }
    Set<String> ids = requestedIds();
    if (!ids.isEmpty() && filters.filters()) {
      throw new IllegalArgumentException("give trace ids (--trace, --traces-file) or a filter, not both");
    }
    TraceFilter filter = filters.toFilter();
    Integer limit = filter.limit();
    if (out != null && postTo != null) {
      throw new IllegalArgumentException("give --out or --post-to, not both");
    }
    if (batchSize != null && batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be at least 1, was " + batchSize);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("--retries must not be negative, was " + retries);
    }
    HttpSender sender = postTo == null ? null : new HttpSender(java.net.URI.create(postTo), retries);
    TracelakeConfig cfg = search.load();
    // no Spark session: parquet-java answers from the tables' statistics and bloom filters in about a second,
    // where starting Spark alone took several
    TraceStore store = new TraceStore(HadoopFiles.configuration(cfg), cfg.warehouse(), search.first(),
        search.last());
    List<TraceStore.FoundTrace> matching = ids.isEmpty() ? store.search(filter, false) : null;
    List<String> wanted = matching != null ? matching.stream().map(TraceStore.FoundTrace::traceId).toList()
        : new ArrayList<>(ids);
    if (!ids.isEmpty() && limit != null && wanted.size() > limit) {
      wanted = wanted.subList(0, limit);
    }
    // traces a filter found: their spans are in the days their rows are in, no other day is read
    Map<String, List<Span>> found = store.spans(wanted, matching == null ? null
        : matching.stream().map(TraceStore.FoundTrace::day).collect(java.util.stream.Collectors.toSet()));
    List<String> missing = wanted.stream().filter(id -> !found.containsKey(id)).toList();
    if (!ids.isEmpty() && !missing.isEmpty()) {
      spec.commandLine().getErr().println("tracelake: " + missing.size() + " of " + wanted.size()
          + " traces not found " + search.describe() + ": " + String.join(" ", missing.subList(0, Math.min(10, missing.size())))
          + (missing.size() > 10 ? " ..." : ""));
    }
    if (found.isEmpty()) {
      if (ids.isEmpty()) {
        spec.commandLine().getErr().println("tracelake: no trace matches the filter " + search.describe());
      }
      return ExitCodes.NOT_FOUND;
    }
    List<List<String>> batches = batches(wanted.stream().filter(found::containsKey).toList(),
        batchSize != null ? batchSize : postTo != null ? DEFAULT_POST_BATCH : Integer.MAX_VALUE);
    int spanCount = 0;
    for (int i = 0; i < batches.size(); i++) {
      List<Span> spans = new ArrayList<>();
      for (String id : batches.get(i)) {
        spans.addAll(found.get(id));
      }
      byte[] json = format.equals("zipkin") ? ZipkinExport.json(spans) : OtlpJsonExport.json(spans);
      if (sender != null) {
        HttpSender.Delivery delivery = sender.post(json);
        if (!delivery.delivered()) {
          spec.commandLine().getErr().println("tracelake: sent " + i + " of " + batches.size() + " batches ("
              + spanCount + " spans) to " + postTo + "; batch " + (i + 1) + " (" + batches.get(i).size() + " traces) failed"
              + " after " + delivery.attempts() + (delivery.attempts() == 1 ? " attempt: " : " attempts: ")
              + delivery.problem());
          return ExitCodes.JOB_FAILED;
        }
      } else {
        write(json, i, batches.size());
      }
      spanCount += spans.size();
    }
    if (out != null || postTo != null) {
      spec.commandLine().getErr().println("tracelake: " + found.size() + " traces, " + spanCount + " spans in "
          + batches.size() + (batches.size() == 1 ? " batch" : " batches") + (postTo != null ? " sent to " + postTo
              : " to " + (batches.size() == 1 ? out : batchFile(out, 1) + " ... " + batchFile(out, batches.size()))));
    }
    return ExitCodes.OK;
  }

  private static List<List<String>> batches(List<String> ids, int size) {
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += size) {
      batches.add(ids.subList(from, Math.min(ids.size(), from + size)));
    }
    return batches;
  }

  /** {@code traces.json} -> {@code traces-00002.json}: the batch's number before the extension. */
  static String batchFile(String out, int number) {
    int slash = out.lastIndexOf('/');
    int dot = out.lastIndexOf('.');
    String suffix = String.format(java.util.Locale.ROOT, "-%05d", number);
    return dot > slash + 1 ? out.substring(0, dot) + suffix + out.substring(dot) : out + suffix;
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

  /** One batch to its file, or to standard output (several batches: one JSON document a line). */
  private void write(byte[] json, int index, int batches) throws IOException {
    if (out != null) {
      HadoopFiles.write(batches == 1 ? out : batchFile(out, index + 1), json);
      return;
    }
    // the writer picocli hands out is for text; JSON is already UTF-8 bytes
    spec.commandLine().getOut().print(new String(json, StandardCharsets.UTF_8));
    spec.commandLine().getOut().println();
    spec.commandLine().getOut().flush();
  }
}
