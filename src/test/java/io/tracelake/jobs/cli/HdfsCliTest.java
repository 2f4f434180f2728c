package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.testing.MiniHdfs;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A day on HDFS through the command line, as in cluster deploy mode: the config, the logs, the warehouse, the
 * report copy, the trace ids file and the exports all hdfs:// URIs; then trace, export, status and rollup.
 */
class HdfsCliTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

  @TempDir
  Path dir;

  @Test
  void aDayWithConfigLogsAndWarehouseOnHdfsThenTraceExportStatusAndRollup() throws IOException {
    assertThat(CliRun.tracelake("generate", "--out", dir.resolve("local").toString(), "--date", DAY.toString(),
        "--requests", "6", "--compress", "gz").exitCode()).isZero();
    try (MiniHdfs cluster = new MiniHdfs(dir.resolve("hdfs"))) {
      FileSystem hdfs = cluster.fs();
      String root = cluster.root();
      String config = root + "/etc/tracelake.yaml";
      cluster.write("/etc/tracelake.yaml", cluster.archiveGeneratedLogs(dir.resolve("local/logs")));

      CliRun run = CliRun.tracelake("run", "--config", config, "--date", DAY.toString(), "--report",
          root + "/reports/" + DAY + ".json", "--json");
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode day = new ObjectMapper().readTree(run.out()).path("days").get(0);
      assertThat(day.path("state").asText()).isEqualTo("complete");
      assertThat(day.path("traces").asLong()).isEqualTo(6);
      assertThat(day.path("report").asText()).startsWith(root + "/warehouse/_runs/dt=" + DAY + "/");
      assertThat(cluster.read("/reports/" + DAY + ".json")).contains("\"outcome\" : \"succeeded\"");
      assertThat(cluster.read("/warehouse/_runs/dt=" + DAY + "/_COMPLETE"))
          .contains("\"run_id\":\"" + day.path("run_id").asText() + "\"");

      CliRun status = CliRun.tracelake("status", "--config", config);
      assertThat(status.out().lines().skip(1).toList()).singleElement().asString()
          .matches(DAY + " +complete +" + day.path("run_id").asText() + " +"
              + String.format(java.util.Locale.ROOT, "%,d", day.path("lines_read").asLong()) + " .*");

      String traceId = io.tracelake.jobs.warehouse.WarehouseTables.read(spark(), root + "/warehouse",
          io.tracelake.model.schema.Tables.TRACES, DAY).select("trace_id")
          .orderBy("trace_id").first().<String>getAs("trace_id");
      CliRun trace = CliRun.tracelake("trace", traceId, "--config", config, "--width", "100");
      assertThat(trace.exitCode()).as(trace.err()).isZero();
      assertThat(trace.out()).startsWith("trace " + traceId);

      cluster.write("/exports/ids.txt", "# wanted\n" + traceId + "\n");
      CliRun export = CliRun.tracelake("export", "--format", "zipkin", "--traces-file", root + "/exports/ids.txt",
          "--config", config, "--out", root + "/exports/trace.json");
      assertThat(export.exitCode()).as(export.err()).isZero();
      List<Span> spans = SpanBytesDecoder.JSON_V2.decodeList(cluster.read("/exports/trace.json")
          .getBytes(StandardCharsets.UTF_8));
      assertThat(spans).isNotEmpty().allSatisfy(span -> assertThat(span.traceId()).isEqualTo(traceId));

      CliRun graph = CliRun.tracelake("dependencies", "--config", config, "--date", DAY.toString(), "--format", "dot",
          "--out", root + "/exports/graph.dot");
      assertThat(graph.exitCode()).as(graph.err()).isZero();
      assertThat(cluster.read("/exports/graph.dot")).startsWith("digraph dependencies {");

      CliRun rollup = CliRun.tracelake("rollup", "--config", config, "--from", DAY.toString(), "--to", DAY.toString());
      assertThat(rollup.exitCode()).as(rollup.err()).isZero();
      assertThat(hdfs.exists(new org.apache.hadoop.fs.Path("/warehouse/service_operations_rollup/from=" + DAY
          + "/to=" + DAY))).isTrue();

      // a config read from a URI has no directory for relative paths: one line says so
      cluster.write("/etc/relative.yaml", "warehouse: warehouse\nsources: [{name: a, format: logstash-json, "
          + "paths: [\"" + root + "/archive/logs/{date}/*/*.log.gz\"]}]\n");
      CliRun relative = CliRun.tracelake("status", "--config", root + "/etc/relative.yaml");
      assertThat(relative.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(relative.err()).isEqualTo("tracelake: " + root + "/etc/relative.yaml: warehouse 'warehouse' is "
          + "relative; a config read from a URI needs absolute paths or URIs (hdfs://, s3a://, ...)\n");
      CliRun missing = CliRun.tracelake("status", "--config", root + "/etc/none.yaml");
      assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(missing.err()).isEqualTo("tracelake: " + root + "/etc/none.yaml: config file not found\n");
    }
  }
}
