package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
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

  private record Result(int exitCode, String out, String err) {}

  private static Result tracelake(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TracelakeCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void aDayWithConfigLogsAndWarehouseOnHdfsThenTraceExportStatusAndRollup() throws IOException {
    assertThat(tracelake("generate", "--out", dir.resolve("local").toString(), "--date", DAY.toString(),
        "--requests", "6", "--compress", "gz").exitCode()).isZero();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    // the metrics loggers want commons-logging's log4j adapter, which Logback replaces
    conf.setInt("dfs.namenode.metrics.logger.period.seconds", 0);
    conf.setInt("dfs.datanode.metrics.logger.period.seconds", 0);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      cluster.waitActive();
      FileSystem hdfs = cluster.getFileSystem();
      String root = hdfs.getUri().toString();
      hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(dir.resolve("local/logs").toString()),
          new org.apache.hadoop.fs.Path("/archive/logs"));
      String config = root + "/etc/tracelake.yaml";
      write(hdfs, "/etc/tracelake.yaml", """
          warehouse: %s/warehouse
          sources:
            - name: shop
              format: logstash-json
              paths: ["%s/archive/logs/{date}/*/*.log.gz"]
              service: {field: app_name}
              instance: {field: HOSTNAME}
          """.formatted(root, root));

      Result run = tracelake("run", "--config", config, "--date", DAY.toString(), "--report",
          root + "/reports/" + DAY + ".json", "--json");
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode day = new ObjectMapper().readTree(run.out()).path("days").get(0);
      assertThat(day.path("state").asText()).isEqualTo("complete");
      assertThat(day.path("traces").asLong()).isEqualTo(6);
      assertThat(day.path("report").asText()).startsWith(root + "/warehouse/_runs/dt=" + DAY + "/");
      assertThat(read(hdfs, "/reports/" + DAY + ".json")).contains("\"outcome\" : \"succeeded\"");
      assertThat(read(hdfs, "/warehouse/_runs/dt=" + DAY + "/_COMPLETE"))
          .contains("\"run_id\":\"" + day.path("run_id").asText() + "\"");

      Result status = tracelake("status", "--config", config);
      assertThat(status.out().lines().skip(1).toList()).singleElement().asString()
          .matches(DAY + " +complete +" + day.path("run_id").asText() + " +"
              + String.format(java.util.Locale.ROOT, "%,d", day.path("lines_read").asLong()) + " .*");

      String traceId = spark().read().parquet(root + "/warehouse/traces/dt=" + DAY).select("trace_id")
          .orderBy("trace_id").first().getString(0);
      Result trace = tracelake("trace", traceId, "--config", config, "--width", "100");
      assertThat(trace.exitCode()).as(trace.err()).isZero();
      assertThat(trace.out()).startsWith("trace " + traceId);

      write(hdfs, "/exports/ids.txt", "# wanted\n" + traceId + "\n");
      Result export = tracelake("export", "--format", "zipkin", "--traces-file", root + "/exports/ids.txt",
          "--config", config, "--out", root + "/exports/trace.json");
      assertThat(export.exitCode()).as(export.err()).isZero();
      List<Span> spans = SpanBytesDecoder.JSON_V2.decodeList(read(hdfs, "/exports/trace.json")
          .getBytes(StandardCharsets.UTF_8));
      assertThat(spans).isNotEmpty().allSatisfy(span -> assertThat(span.traceId()).isEqualTo(traceId));

      Result graph = tracelake("dependencies", "--config", config, "--date", DAY.toString(), "--format", "dot",
          "--out", root + "/exports/graph.dot");
      assertThat(graph.exitCode()).as(graph.err()).isZero();
      assertThat(read(hdfs, "/exports/graph.dot")).startsWith("digraph dependencies {");

      Result rollup = tracelake("rollup", "--config", config, "--from", DAY.toString(), "--to", DAY.toString());
      assertThat(rollup.exitCode()).as(rollup.err()).isZero();
      assertThat(hdfs.exists(new org.apache.hadoop.fs.Path("/warehouse/service_operations_rollup/from=" + DAY
          + "/to=" + DAY))).isTrue();

      // a config read from a URI has no directory for relative paths: one line says so
      write(hdfs, "/etc/relative.yaml", "warehouse: warehouse\nsources: [{name: a, format: logstash-json, "
          + "paths: [\"" + root + "/archive/logs/{date}/*/*.log.gz\"]}]\n");
      Result relative = tracelake("status", "--config", root + "/etc/relative.yaml");
      assertThat(relative.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(relative.err()).isEqualTo("tracelake: " + root + "/etc/relative.yaml: warehouse 'warehouse' is "
          + "relative; a config read from a URI needs absolute paths or URIs (hdfs://, s3a://, ...)\n");
      Result missing = tracelake("status", "--config", root + "/etc/none.yaml");
      assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(missing.err()).isEqualTo("tracelake: " + root + "/etc/none.yaml: config file not found\n");
    } finally {
      cluster.shutdown();
    }
  }

  private static void write(FileSystem hdfs, String path, String text) throws IOException {
    try (OutputStream out = hdfs.create(new org.apache.hadoop.fs.Path(path), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String read(FileSystem hdfs, String path) throws IOException {
    try (InputStream in = hdfs.open(new org.apache.hadoop.fs.Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
