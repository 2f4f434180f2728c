package io.tracelake.jobs.cli;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.export.Waterfall;
import io.tracelake.jobs.warehouse.TableCodecs.EventEntry;
import io.tracelake.jobs.warehouse.TraceIdInput;
import io.tracelake.jobs.warehouse.TraceLookup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tracelake trace ID}: one trace's waterfall and log lines in the terminal. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Finds one trace in the warehouse and prints its waterfall: the span tree with services, "
        + "operations and durations as bars on one time axis, errors, clock-skew adjustments and inferred "
        + "parents marked; then its log lines in time order.",
        "The id is taken as pasted: 32 or 16 hex digits, a UUID, a traceparent/B3/uber-trace-id value, or a "
            + "request id (hashed the way ingest hashed it). 16 hex digits also find the 128-bit trace whose "
            + "lower half they are.",
        "No line is wider than --width: long messages are cut with '…' unless --full."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:found", "2:bad arguments or configuration, or a 16-hex id that is the lower half of "
        + "several traces (they are listed)", "4:no such trace in the days searched"})
final class TraceCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TRACE_ID", description = "The trace id, UUID, header value or request id.")
  String traceId;

  @Mixin
  TraceSearchOptions search;

  @Option(names = "--color", description = "ANSI colours even when not writing to a terminal.")
  boolean color;

  @Option(names = "--width", paramLabel = "COLUMNS",
      description = "Width to fit the waterfall to. Default: the terminal's, else $COLUMNS, else 120.")
  Integer width;

  @Option(names = "--full", description = "Print every log message whole, all of its lines, however wide.")
  boolean full;

  @Option(names = "--raw-time", description = "Print beside each log line's time on the spans' clock the time its "
      + "host logged (they differ where the rebuild corrected the host's clock skew).")
  boolean rawTime;

  @Override
  public Integer call() throws Exception {
    TracelakeConfig cfg = search.load();
    String id = TraceIdInput.normalize(traceId);
    PrintWriter out = spec.commandLine().getOut();
    // no Spark session: starting one costs several times what reading one trace with parquet-java does
    TraceLookup lookup = new TraceLookup(HadoopFiles.configuration(cfg), cfg.warehouse(), search.first(),
        search.last());
    TraceLookup.StoredTrace trace = lookup.find(id);
    String lowerHalf = TraceIdInput.lowerHalf(traceId);
    if (lowerHalf != null) {
      java.util.Set<String> candidates = new java.util.TreeSet<>(lookup.traceIdsEndingWith(lowerHalf));
      if (!trace.isEmpty()) {
        candidates.add(id);
      }
      if (candidates.size() > 1) {
        spec.commandLine().getErr().println("tracelake: " + lowerHalf + " is the lower half of " + candidates.size()
            + " traces " + search.describe() + ": " + String.join(", ", candidates) + "; give the whole id");
        return ExitCodes.USAGE;
      }
      if (trace.isEmpty() && candidates.size() == 1) {
        id = candidates.iterator().next();
        trace = lookup.find(id);
      }
    }
    if (trace.isEmpty()) {
      spec.commandLine().getErr().println("tracelake: no trace " + id
          + (id.equals(traceId.strip()) ? "" : " (from '" + traceId.strip() + "')") + " " + search.describe()
          + " in " + cfg.warehouse());
      return ExitCodes.NOT_FOUND;
    }
    boolean terminal = System.console() != null;
    out.print(new Waterfall(width != null ? width : terminalWidth(terminal), color || terminal, full, rawTime)
        .render(id, trace.spans(), trace.events().stream().map(EventEntry::event).toList()));
    out.flush();
    return ExitCodes.OK;
  }

  private static int terminalWidth(boolean terminal) {
    String columns = System.getenv("COLUMNS");
    if (columns != null && columns.matches("\\d+")) {
      return Integer.parseInt(columns);
    }
    if (terminal) {
      try {
        Process stty = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
        String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (stty.waitFor(2, TimeUnit.SECONDS) && size.matches("\\d+ \\d+")) {
          return Integer.parseInt(size.split(" ")[1]);
        }
      } catch (IOException e) {
        // no stty: the default width will do
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return 120;
  }
}
