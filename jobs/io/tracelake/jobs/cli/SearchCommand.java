package io.tracelake.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.export.Waterfall;
import io.tracelake.jobs.warehouse.TraceFilter;
import io.tracelake.jobs.warehouse.TraceStore;
import io.tracelake.jobs.warehouse.TraceStore.FoundTrace;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tracelake search}: the traces that match, as a table (or JSON), to pick one for {@code trace}. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Finds traces by service, operation, error, duration, start time and log attribute, and prints "
        + "one line each: start, duration, spans, services, error, root endpoint and trace id (pass the id to "
        + "'tracelake trace'). Reads the warehouse with parquet-java, no Spark.",
        "Earliest first, or --slowest first; --limit (default 20) caps the lines; --json for scripts."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:found", "2:bad arguments or configuration", "4:no trace matches"})
final class SearchCommand implements Callable<Integer> {

  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  static final int DEFAULT_LIMIT = 20;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  TraceSearchOptions search;

  @Mixin
  TraceFilterOptions filters;

  @Option(names = "--slowest", description = "The longest traces first (default: the earliest first).")
  boolean slowest;

  @Option(names = "--json", description = "One JSON array of the traces, for scripts.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    TraceFilter asked = filters.toFilter();
    // one more than shown, to say whether there are more
    int shown = asked.limit() != null ? asked.limit() : DEFAULT_LIMIT;
    TraceFilter filter = new TraceFilter(asked.service(), asked.operation(), asked.errorsOnly(),
        asked.minDurationUs(), asked.maxDurationUs(), asked.start(), asked.end(), asked.attributeKey(),
        asked.attributeValue(), shown + 1);
    TracelakeConfig cfg = search.load();
    List<FoundTrace> found = new TraceStore(HadoopFiles.configuration(cfg), cfg.warehouse(), search.first(),
        search.last()).search(filter, slowest);
    if (found.isEmpty()) {
      spec.commandLine().getErr().println("tracelake: no trace matches " + search.describe() + " in "
          + cfg.warehouse());
      return ExitCodes.NOT_FOUND;
    }
    boolean more = found.size() > shown;
    List<FoundTrace> rows = more ? found.subList(0, shown) : found;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ArrayNode array = mapper.createArrayNode();
      for (FoundTrace t : rows) {
        array.addObject().put("trace_id", t.traceId()).put("dt", t.day().toString())
            .put("start_time", Instant.EPOCH.plusNanos(t.startUs() * 1000).toString()).put("duration_us", t.durationUs())
            .put("span_count", t.spanCount()).put("service_count", t.serviceCount()).put("error", t.error())
            .put("root_service", t.rootService()).put("root_operation", t.rootOperation());
      }
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    } else {
      out.printf(Locale.ROOT, "%-23s  %9s  %5s  %8s  %-5s  %-32s  %s%n", "start (UTC)", "duration", "spans",
          "services", "error", "trace id", "root");
      for (FoundTrace t : rows) {
        out.printf(Locale.ROOT, "%-23s  %9s  %5d  %8d  %-5s  %-32s  %s%n", START.format(Instant.EPOCH.plusNanos(
            t.startUs() * 1000)), Waterfall.duration(t.durationUs()), t.spanCount(), t.serviceCount(),
            t.error() ? "ERROR" : "", t.traceId(), (t.rootService() == null ? "?" : t.rootService()) + " "
                + (t.rootOperation() == null ? "" : t.rootOperation()));
      }
      out.printf(Locale.ROOT, "%d %s%s%n", rows.size(), rows.size() == 1 ? "trace" : "traces",
          more ? " shown; more match (--limit N for more)" : "");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
