package io.tracelake.jobs.aggregate;

import io.tracelake.jobs.run.InputException;
import io.tracelake.jobs.warehouse.RowView;
import io.tracelake.jobs.warehouse.TableFiles;
import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import zipkin2.DependencyLink;
import zipkin2.codec.DependencyLinkBytesEncoder;

/** The service dependency graph of a day or a period, as Zipkin's dependency-links JSON or as Graphviz DOT. */
public final class DependencyGraphExport {

  private DependencyGraphExport() {}

  /**
   * The edges of the days from {@code from} to {@code to} (both included), calls and errors added up,
   * busiest first. The daily graphs are a few hundred rows: read with parquet-java, without Spark.
   *
   * @throws InputException when none of those days has a dependency graph
   */
  public static List<DependencyLink> links(Configuration hadoop, String warehouse, LocalDate from, LocalDate to)
      throws IOException {
    List<Path> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      Path path = DayPointer.partition(warehouse, Tables.DEPENDENCIES_DAILY, day, hadoop);
      if (path != null) {
        days.add(path);
      }
    }
    if (days.isEmpty()) {
      throw new InputException("no dependencies_daily between " + from + " and " + to + " in " + warehouse
          + "; run 'tracelake run' or 'tracelake aggregate' for those days first");
    }
    Map<List<String>, long[]> edges = new HashMap<>();
    for (Path day : days) {
      for (RowView edge : TableFiles.readAll(Tables.DEPENDENCIES_DAILY, day, hadoop)) {
        long[] counts = edges.computeIfAbsent(List.of(edge.string("parent"), edge.string("child")), e -> new long[2]);
        counts[0] += edge.longValue("calls");
        counts[1] += edge.longValue("errors");
      }
    }
    List<DependencyLink> links = new ArrayList<>();
    edges.forEach((edge, counts) -> links.add(DependencyLink.newBuilder().parent(edge.get(0)).child(edge.get(1))
        .callCount(counts[0]).errorCount(counts[1]).build()));
    links.sort(Comparator.comparingLong(DependencyLink::callCount).reversed()
        .thenComparing(DependencyLink::parent).thenComparing(DependencyLink::child));
    return links;
  }

  /** Zipkin's {@code /api/v2/dependencies} JSON, as Zipkin's own encoder writes it. */
  public static String zipkinJson(List<DependencyLink> links) {
    return new String(DependencyLinkBytesEncoder.JSON_V1.encodeList(links), StandardCharsets.UTF_8);
  }

  /** A Graphviz digraph: one node per service, edges labelled with calls and error rate. */
  public static String dot(List<DependencyLink> links) {
    StringBuilder dot = new StringBuilder("digraph dependencies {\n  rankdir=LR;\n  node [shape=box];\n");
    for (DependencyLink link : links) {
      double errorRate = link.callCount() == 0 ? 0 : 100.0 * link.errorCount() / link.callCount();
      dot.append(String.format(Locale.ROOT, "  %s -> %s [label=\"%d calls\\n%.1f%% errors\"%s];%n",
          quoted(link.parent()), quoted(link.child()), link.callCount(), errorRate,
          link.errorCount() > 0 ? ", color=red" : ""));
    }
    return dot.append("}\n").toString();
  }

  private static String quoted(String name) {
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
