package io.tracelake.jobs.aggregate;

import io.tracelake.jobs.run.InputException;
import io.tracelake.jobs.warehouse.WarehouseTables;
import io.tracelake.jobs.warehouse.WarehouseWriter;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import zipkin2.DependencyLink;
import zipkin2.codec.DependencyLinkBytesEncoder;

/** The service dependency graph of a day or a period, as Zipkin's dependency-links JSON or as Graphviz DOT. */
public final class DependencyGraphExport {

  private DependencyGraphExport() {}

  /**
   * The edges of the days from {@code from} to {@code to} (both included), calls and errors added up,
   * busiest first.
   *
   * @throws InputException when none of those days has a dependency graph
   */
  public static List<DependencyLink> links(SparkSession spark, String warehouse, LocalDate from, LocalDate to)
      throws IOException {
    List<String> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      Path path = WarehouseWriter.partitionPath(warehouse, Tables.DEPENDENCIES_DAILY, day);
      if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
        days.add(path.toString());
      }
    }
    if (days.isEmpty()) {
      throw new InputException("no dependencies_daily between " + from + " and " + to + " in " + warehouse
          + "; run 'tracelake run' or 'tracelake aggregate' for those days first");
    }
    List<DependencyLink> links = new ArrayList<>();
    for (Row edge : spark.read().schema(WarehouseTables.schema(Tables.DEPENDENCIES_DAILY))
        .parquet(days.toArray(String[]::new))
        .groupBy("parent", "child").agg(functions.sum("calls").as("calls"), functions.sum("errors").as("errors"))
        .orderBy(functions.desc("calls"), functions.asc("parent"), functions.asc("child")).collectAsList()) {
      links.add(DependencyLink.newBuilder().parent(edge.getString(0)).child(edge.getString(1))
          .callCount(edge.getLong(2)).errorCount(edge.getLong(3)).build());
    }
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
