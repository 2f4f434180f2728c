package io.tracelake.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracelake.jobs.aggregate.CriticalPathPeriod;
import io.tracelake.jobs.aggregate.GroupKeys;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.export.Waterfall;
import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.jobs.warehouse.RowView;
import io.tracelake.jobs.warehouse.TableFiles;
import io.tracelake.model.aggregate.LatencySketch;
import io.tracelake.model.aggregate.NoiseTests;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tracelake compare}: what changed between two periods, per endpoint and per dependency edge, told apart
 * from noise with the test named; from the daily aggregates alone (counts and sketches), no Spark.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Compares two periods (last week and this one, before and after a release): per endpoint (a "
        + "service's SERVER and CONSUMER operations) and per dependency edge, calls per day, error rate and "
        + "p50/p95/p99 latency in both, the change, and '*' where it is beyond noise, by the test the output names "
        + "(a Poisson rate z-test for calls per day, a two-proportion z-test for error rates, order-statistic "
        + "intervals read off the sketches for latency; all at 95%%). Then what appeared or vanished, and the "
        + "critical-path shares that moved.",
        "Reads service_operations_daily, dependencies_daily and critical_path_daily with parquet-java."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:compared", "2:bad arguments or configuration", "3:a period has no aggregates"})
final class CompareCommand implements Callable<Integer> {

  private static final double[] QUANTILES = {0.50, 0.95, 0.99};
  /** A critical-path share that moved by less than this is not listed: 5 points of the endpoint's latency. */
  static final double SHARE_SHIFT = 0.05;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE|URI", description = "The tracelake config (its warehouse).")
  String config;

  @Option(names = "--warehouse", paramLabel = "URI", description = "The warehouse root, instead of --config.")
  String warehouse;

  @Option(names = "--baseline", required = true, paramLabel = "D1..D2", description = "The first period, both days "
      + "included (one day: D).")
  String baseline;

  @Option(names = "--candidate", required = true, paramLabel = "D3..D4", description = "The period compared with it.")
  String candidate;

  @Option(names = "--service", paramLabel = "NAME",
      description = "Only this service's endpoints and the edges it is on.")
  String service;

  @Option(names = "--all", description = "Every row, not only those with a change beyond noise.")
  boolean all;

  @Option(names = "--json", description = "Everything as JSON, for scripts and notebooks.")
  boolean json;

  /** One group (an endpoint, an edge) over a period. */
  static final class Group {
    final LatencySketch sketch = new LatencySketch();
    long calls;
    long errors;

    double errorRate() {
      return calls == 0 ? 0 : (double) errors / calls;
    }
  }

  /** One period: its days with aggregates, and its groups. */
  record Period(List<LocalDate> days, Map<String, Group> endpoints, Map<String, Group> edges,
      CriticalPathPeriod criticalPaths) {}

  @Override
  public Integer call() throws Exception {
    TracelakeConfig cfg = TraceSearchOptions.load(config, warehouse);
    Configuration hadoop = HadoopFiles.configuration(cfg);
    Period before = read(cfg, hadoop, "--baseline", baseline);
    Period after = read(cfg, hadoop, "--candidate", candidate);
    List<Row> rows = new ArrayList<>();
    compare("endpoint", before.endpoints(), after.endpoints(), before.days().size(), after.days().size(), rows);
    compare("edge", before.edges(), after.edges(), before.days().size(), after.days().size(), rows);
    List<Shift> shifts = shifts(before.criticalPaths(), after.criticalPaths());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json(before, after, rows,
          shifts)));
    } else {
      print(out, before, after, rows, shifts);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** A row of the comparison: both periods' figures and which changes are beyond noise. */
  record Row(String kind, String name, Group before, Group after, double callsPerDayBefore, double callsPerDayAfter,
      boolean callsChanged, boolean errorsChanged, boolean[] quantilesChanged) {

    boolean appeared() {
      return before == null;
    }

    boolean vanished() {
      return after == null;
    }

    boolean changed() {
      if (appeared() || vanished()) {
        return true;
      }
      boolean any = callsChanged || errorsChanged;
      for (boolean q : quantilesChanged) {
        any |= q;
      }
      return any;
    }

    /** How far p95 moved, relatively: the order rows are listed in. */
    double p95Change() {
      if (appeared() || vanished()) {
        return Double.MAX_VALUE;
      }
      double b = before.sketch.quantile(0.95);
      return b == 0 ? 0 : Math.abs(after.sketch.quantile(0.95) - b) / b;
    }
  }

  /** A critical-path share that moved: (endpoint, operation) and its share in both periods. */
  record Shift(String endpoint, String operation, double before, double after) {}

  private void compare(String kind, Map<String, Group> before, Map<String, Group> after, int daysBefore,
      int daysAfter, List<Row> rows) {
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    List<Row> found = new ArrayList<>();
    for (String name : names) {
      Group b = before.get(name);
      Group a = after.get(name);
      double perDayBefore = b == null ? 0 : (double) b.calls / daysBefore;
      double perDayAfter = a == null ? 0 : (double) a.calls / daysAfter;
      boolean[] quantiles = new boolean[QUANTILES.length];
      boolean calls = false;
      boolean errors = false;
      if (a != null && b != null) {
        calls = NoiseTests.ratesDiffer(b.calls, daysBefore, a.calls, daysAfter);
        errors = NoiseTests.proportionsDiffer(b.errors, b.calls, a.errors, a.calls);
        for (int i = 0; i < QUANTILES.length; i++) {
          quantiles[i] = NoiseTests.quantilesDiffer(b.sketch, a.sketch, QUANTILES[i]);
        }
      }
      Row row = new Row(kind, name, b, a, perDayBefore, perDayAfter, calls, errors, quantiles);
      if (all || row.changed()) {
        found.add(row);
      }
    }
    found.sort(Comparator.comparingDouble((Row r) -> -r.p95Change()).thenComparing(Row::name));
    rows.addAll(found);
  }

  private static List<Shift> shifts(CriticalPathPeriod before, CriticalPathPeriod after) {
    TreeSet<List<String>> keys = new TreeSet<>(GroupKeys.ORDER);
    keys.addAll(before.operations.keySet());
    keys.addAll(after.operations.keySet());
    List<Shift> shifts = new ArrayList<>();
    for (List<String> key : keys) {
      // an endpoint seen in one period only is listed as appeared or vanished already
      if (before.endpoints.containsKey(key.subList(0, 2)) && after.endpoints.containsKey(key.subList(0, 2))) {
        double b = before.share(key);
        double a = after.share(key);
        if (Math.abs(a - b) >= SHARE_SHIFT) {
          shifts.add(new Shift(key.get(0) + " " + key.get(1), key.get(2) + " " + key.get(3), b, a));
        }
      }
    }
    shifts.sort(Comparator.comparingDouble((Shift s) -> -Math.abs(s.after() - s.before())));
    return shifts;
  }

  private Period read(TracelakeConfig cfg, Configuration hadoop, String option, String range) throws IOException {
    LocalDate[] bounds = range(option, range);
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = bounds[0]; !day.isAfter(bounds[1]); day = day.plusDays(1)) {
      if (DayPointer.partition(cfg.warehouse(), Tables.SERVICE_OPERATIONS_DAILY, day, hadoop) != null) {
        days.add(day);
      }
    }
    if (days.isEmpty()) {
      throw new io.tracelake.jobs.run.InputException(option + " " + range + ": no day of it has aggregates in "
          + cfg.warehouse());
    }
    Map<String, Group> endpoints = new TreeMap<>();
    Map<String, Group> edges = new TreeMap<>();
    for (LocalDate day : days) {
      for (RowView row : rows(cfg, hadoop, Tables.SERVICE_OPERATIONS_DAILY, day)) {
        String kind = row.string("kind");
        if ((kind.equals("SERVER") || kind.equals("CONSUMER"))
            && (service == null || service.equals(row.string("service")))) {
          add(endpoints.computeIfAbsent(row.string("service") + " " + row.string("operation"), k -> new Group()), row);
        }
      }
      for (RowView row : rows(cfg, hadoop, Tables.DEPENDENCIES_DAILY, day)) {
        if (service == null || service.equals(row.string("parent")) || service.equals(row.string("child"))) {
          add(edges.computeIfAbsent(row.string("parent") + " -> " + row.string("child"), k -> new Group()), row);
        }
      }
    }
    CriticalPathPeriod paths = CriticalPathPeriod.read(hadoop, cfg.warehouse(), days,
        root -> service == null || service.equals(root.get(0)));
    return new Period(days, endpoints, edges, paths);
  }

  private static List<RowView> rows(TracelakeConfig cfg, Configuration hadoop, Table table, LocalDate day)
      throws IOException {
    Path dir = DayPointer.partition(cfg.warehouse(), table, day, hadoop);
    return dir == null ? List.of() : TableFiles.readAll(table, dir, hadoop);
  }

  private static void add(Group group, RowView row) {
    group.calls += row.longValue("calls");
    group.errors += row.longValue("errors");
    group.sketch.merge(LatencySketch.fromBytes(row.bytes("latency_sketch")));
  }

  private static LocalDate[] range(String option, String text) {
    String[] parts = text.strip().split("\\.\\.", -1);
    try {
      LocalDate from = LocalDate.parse(parts[0].strip());
      LocalDate to = parts.length == 1 ? from : LocalDate.parse(parts[1].strip());
      if (parts.length > 2 || to.isBefore(from)) {
        throw new IllegalArgumentException();
      }
      return new LocalDate[] {from, to};
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(option + " must be YYYY-MM-DD..YYYY-MM-DD (first day not after the last) "
          + "or one day, was '" + text + "'");
    }
  }

  private void print(PrintWriter out, Period before, Period after, List<Row> rows, List<Shift> shifts) {
    out.printf(Locale.ROOT, "baseline %s (%d days with aggregates), candidate %s (%d days)%s%n", baseline,
        before.days().size(), candidate, after.days().size(), service == null ? "" : ", service " + service);
    out.printf(Locale.ROOT, "* beyond noise: calls/day by %s; errors by %s; latency by %s%n", NoiseTests.RATE_TEST,
        NoiseTests.PROPORTION_TEST, NoiseTests.QUANTILE_TEST);
    if (rows.isEmpty()) {
      out.println("no change beyond noise" + (all ? "" : " (--all lists every row)"));
    }
    String kind = null;
    for (Row row : rows) {
      if (!row.kind().equals(kind)) {
        kind = row.kind();
        out.println();
        out.printf(Locale.ROOT, "%-8s %-44s %21s %17s %21s %21s %21s%n", kind, "", "calls/day", "error rate",
            "p50", "p95", "p99");
      }
      String name = row.name().length() > 44 ? row.name().substring(0, 43) + "…" : row.name();
      if (row.appeared() || row.vanished()) {
        Group g = row.appeared() ? row.after() : row.before();
        out.printf(Locale.ROOT, "%-8s %-44s %s: %s calls/day, %.2f%% errors, p95 %s%n", "",
            name, row.appeared() ? "appeared" : "vanished", perDay(row.appeared() ? row.callsPerDayAfter()
                : row.callsPerDayBefore()), 100 * g.errorRate(), Waterfall.duration(Math.round(g.sketch.quantile(0.95))));
        continue;
      }
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s %-44s %21s %17s", "", name,
          change(perDay(row.callsPerDayBefore()), perDay(row.callsPerDayAfter()), row.callsChanged()),
          change(String.format(Locale.ROOT, "%.2f%%", 100 * row.before().errorRate()),
              String.format(Locale.ROOT, "%.2f%%", 100 * row.after().errorRate()), row.errorsChanged())));
      for (int i = 0; i < QUANTILES.length; i++) {
        line.append(String.format(Locale.ROOT, " %21s", change(
            Waterfall.duration(Math.round(row.before().sketch.quantile(QUANTILES[i]))),
            Waterfall.duration(Math.round(row.after().sketch.quantile(QUANTILES[i]))), row.quantilesChanged()[i])));
      }
      out.println(line.toString().stripTrailing());
    }
    if (!shifts.isEmpty()) {
      out.println();
      out.printf(Locale.ROOT, "critical-path shares that moved by %.0f points or more%n", 100 * SHARE_SHIFT);
      for (Shift shift : shifts) {
        out.printf(Locale.ROOT, "  %-40s %-44s %5.1f%% -> %5.1f%%%n", shift.endpoint(), shift.operation(),
            100 * shift.before(), 100 * shift.after());
      }
    }
  }

  private static String change(String before, String after, boolean beyondNoise) {
    return before + " -> " + after + (beyondNoise ? " *" : "  ");
  }

  private ObjectNode json(Period before, Period after, List<Row> rows, List<Shift> shifts) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("baseline", baseline).put("baseline_days", before.days().size()).put("candidate", candidate)
        .put("candidate_days", after.days().size());
    root.putObject("tests").put("calls_per_day", NoiseTests.RATE_TEST).put("error_rate", NoiseTests.PROPORTION_TEST)
        .put("latency", NoiseTests.QUANTILE_TEST);
    ArrayNode list = root.putArray("rows");
    for (Row row : rows) {
      ObjectNode node = list.addObject().put("kind", row.kind()).put("name", row.name())
          .put("status", row.appeared() ? "appeared" : row.vanished() ? "vanished" : "both");
      figures(node.putObject("baseline"), row.before(), row.callsPerDayBefore());
      figures(node.putObject("candidate"), row.after(), row.callsPerDayAfter());
      ObjectNode beyond = node.putObject("beyond_noise").put("calls_per_day", row.callsChanged())
          .put("error_rate", row.errorsChanged());
      for (int i = 0; i < QUANTILES.length; i++) {
        beyond.put("p" + Math.round(QUANTILES[i] * 100) + "_us", row.quantilesChanged()[i]);
      }
    }
    ArrayNode moved = root.putArray("critical_path_shifts");
    for (Shift shift : shifts) {
      moved.addObject().put("endpoint", shift.endpoint()).put("operation", shift.operation())
          .put("share_baseline", shift.before()).put("share_candidate", shift.after());
    }
    return root;
  }

  private static void figures(ObjectNode node, Group group, double callsPerDay) {
    if (group == null) {
      return;
    }
    node.put("calls", group.calls).put("calls_per_day", callsPerDay).put("errors", group.errors)
        .put("error_rate", group.errorRate());
    for (double q : QUANTILES) {
      node.put("p" + Math.round(q * 100) + "_us", Math.round(group.sketch.quantile(q)));
    }
  }

  /** Calls per day as a person reads them: whole above ten, one decimal below (a rare edge is not "0 calls/day"). */
  static String perDay(double calls) {
    return calls >= 10 ? String.format(Locale.ROOT, "%,.0f", calls) : String.format(Locale.ROOT, "%.1f", calls);
  }
}
