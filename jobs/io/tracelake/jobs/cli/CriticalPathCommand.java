package io.tracelake.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracelake.jobs.aggregate.CriticalPathPeriod;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.export.Waterfall;
import io.tracelake.jobs.warehouse.WarehouseDays;
import io.tracelake.model.schema.Tables;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tracelake critical-path}: which operations set an endpoint's latency, over the days asked. */
@Command(name = "critical-path", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Ranks the operations on an endpoint's critical paths by the share of its latency they set, "
        + "from critical_path_daily over the days asked (merged here: no Spark). An endpoint is its traces' root "
        + "service and operation.",
        "Without --endpoint: the endpoints, the busiest first, to pick one from."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "2:bad arguments or configuration", "4:no such endpoint (or no critical paths) "
        + "in the days asked"})
final class CriticalPathCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  TraceSearchOptions search;

  @Option(names = "--endpoint", paramLabel = "'SERVICE [OPERATION]'",
      description = "The root service and, after a space, its operation as the aggregates name it "
          + "(e.g. 'gateway POST /api/cart/items'); the service alone takes all its endpoints together.")
  String endpoint;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Rows printed. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(names = "--json", description = "The rows as JSON, for scripts.")
  boolean json;

  /** One operation on the chosen endpoints' critical paths, merged over the days and endpoints. */
  private record Ranked(String service, String operation, CriticalPathPeriod.OnPath sums) {}

  @Override
  public Integer call() throws Exception {
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
    }
    TracelakeConfig cfg = search.load();
    Configuration hadoop = HadoopFiles.configuration(cfg);
    List<LocalDate> days = WarehouseDays.of(hadoop, cfg.warehouse(), Tables.CRITICAL_PATH_DAILY, search.first(),
        search.last());
    String service = endpoint == null ? null : endpoint.strip().split("\\s+", 2)[0];
    String operation = endpoint == null || !endpoint.strip().contains(" ") ? null
        : endpoint.strip().split("\\s+", 2)[1];
    CriticalPathPeriod period = CriticalPathPeriod.read(hadoop, cfg.warehouse(), days, root -> service == null
        || (root.get(0).equals(service) && (operation == null || root.get(1).equals(operation))));
    Map<List<String>, long[]> endpoints = period.endpoints;
    // a service alone takes its endpoints together: an operation's sums over them
    List<Ranked> ranked = new ArrayList<>();
    period.byOperation().forEach((key, sums) -> ranked.add(new Ranked(key.get(0), key.get(1), sums)));
    String where = (search.first() == null ? "on every day" : search.describe()) + " in " + cfg.warehouse();
    if (endpoints.isEmpty()) {
      spec.commandLine().getErr().println("tracelake: no critical paths" + (endpoint == null ? ""
          : " of endpoint '" + endpoint.strip() + "'") + " " + where
          + (days.isEmpty() ? " (no critical_path_daily: run 'tracelake aggregate' on days written before it)" : ""));
      return ExitCodes.NOT_FOUND;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (endpoint == null) {
      printEndpoints(out, endpoints, where);
    } else {
      long traces = endpoints.values().stream().mapToLong(t -> t[0]).sum();
      long totalUs = endpoints.values().stream().mapToLong(t -> t[1]).sum();
      ranked.sort(Comparator.comparingLong((Ranked o) -> -o.sums().criticalUs).thenComparing(Ranked::service)
          .thenComparing(Ranked::operation));
      printOperations(out, ranked.subList(0, Math.min(limit, ranked.size())), traces, totalUs, where);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private void printEndpoints(PrintWriter out, Map<List<String>, long[]> endpoints, String where) throws Exception {
    List<Map.Entry<List<String>, long[]>> ranked = new ArrayList<>(endpoints.entrySet());
    ranked.sort(Comparator.comparingLong((Map.Entry<List<String>, long[]> e) -> -e.getValue()[0])
        .thenComparing(e -> e.getKey().get(0)).thenComparing(e -> e.getKey().get(1)));
    ranked = ranked.subList(0, Math.min(limit, ranked.size()));
    if (json) {
      ArrayNode rows = new ObjectMapper().createArrayNode();
      for (Map.Entry<List<String>, long[]> e : ranked) {
        rows.addObject().put("root_service", e.getKey().get(0)).put("root_operation", e.getKey().get(1))
            .put("traces", e.getValue()[0]).put("mean_us", e.getValue()[1] / Math.max(1, e.getValue()[0]));
      }
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
      return;
    }
    out.printf(Locale.ROOT, "endpoints %s (pick one with --endpoint 'SERVICE OPERATION')%n", where);
    out.printf(Locale.ROOT, "%10s  %9s  %s%n", "traces", "mean", "endpoint");
    for (Map.Entry<List<String>, long[]> e : ranked) {
      out.printf(Locale.ROOT, "%,10d  %9s  %s %s%n", e.getValue()[0],
          Waterfall.duration(e.getValue()[1] / Math.max(1, e.getValue()[0])), e.getKey().get(0), e.getKey().get(1));
    }
  }

  private void printOperations(PrintWriter out, List<Ranked> ranked, long traces, long totalUs, String where)
      throws Exception {
    if (json) {
      ObjectNode root = new ObjectMapper().createObjectNode().put("endpoint", endpoint.strip())
          .put("traces", traces).put("endpoint_us", totalUs);
      ArrayNode rows = root.putArray("operations");
      for (Ranked o : ranked) {
        rows.addObject().put("service", o.service()).put("operation", o.operation()).put("traces", o.sums().traces)
            .put("critical_us", o.sums().criticalUs).put("share", totalUs == 0 ? 0.0 : (double) o.sums().criticalUs / totalUs)
            .put("self_p50_us", Math.round(o.sums().sketch.quantile(0.5)))
            .put("self_p95_us", Math.round(o.sums().sketch.quantile(0.95)));
      }
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
      return;
    }
    out.printf(Locale.ROOT, "critical path of %s %s: %,d traces, mean %s%n", endpoint.strip(), where, traces,
        Waterfall.duration(totalUs / Math.max(1, traces)));
    int nameWidth = Math.min(48, ranked.stream().mapToInt(o -> o.service().length() + 2 + o.operation().length())
        .max().orElse(10));
    out.println(String.format(Locale.ROOT, "%6s  %-" + nameWidth + "s  %9s  %9s  %9s", "share", "operation",
        "traces", "p50 self", "p95 self"));
    double top = ranked.isEmpty() ? 1 : Math.max(1, ranked.get(0).sums().criticalUs);
    for (Ranked o : ranked) {
      double share = totalUs == 0 ? 0 : (double) o.sums().criticalUs / totalUs;
      String name = o.service() + "  " + o.operation();
      name = name.length() > nameWidth ? name.substring(0, nameWidth - 1) + "…" : name;
      // bars scale to the largest share, so the ranking reads at a glance however small the shares
      int bar = (int) Math.round(20 * o.sums().criticalUs / top);
      out.printf(Locale.ROOT, "%5.1f%%  %-" + nameWidth + "s  %,9d  %9s  %9s  %s%n", 100 * share, name, o.sums().traces,
          Waterfall.duration(Math.round(o.sums().sketch.quantile(0.5))), Waterfall.duration(Math.round(o.sums().sketch.quantile(0.95))),
          "█".repeat(Math.max(share > 0 ? 1 : 0, bar)));
    }
  }
}
