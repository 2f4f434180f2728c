package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.simulator.Compression;
import io.tracelake.simulator.GenerationSummary;
import io.tracelake.simulator.GeneratorOptions;
import io.tracelake.simulator.LogSimulator;
import io.tracelake.testing.MiniHdfs;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs and warehouse on HDFS: the job only speaks Hadoop paths, so any Hadoop file system works. */
class HdfsTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 5, 4);

  @TempDir
  Path dir;

  @Test
  void readsLogsFromAndWritesTheWarehouseToHdfs() throws IOException {
    GenerationSummary generated = new LogSimulator(new GeneratorOptions(dir.resolve("local"), DAY, 15, 3,
        Compression.GZIP)).run();
    try (MiniHdfs cluster = new MiniHdfs(dir.resolve("hdfs"))) {
      FileSystem hdfs = cluster.fs();
      String root = cluster.root();
      TracelakeConfig config =
          ConfigLoader.parse(cluster.archiveGeneratedLogs(dir.resolve("local/logs")), "hdfs.yaml", dir);

      RunReport report = new NightlyJob(spark(), config).run(DAY);

      assertThat(report.inputs()).allSatisfy(f -> assertThat(f.file()).startsWith(root + "/archive/logs/"));
      assertThat(report.counts().linesRead()).isEqualTo(generated.logLines());
      assertThat(report.counts().spans()).isEqualTo(generated.spans());
      assertThat(io.tracelake.jobs.warehouse.WarehouseTables.read(spark(), root + "/warehouse",
          io.tracelake.model.schema.Tables.TRACES, DAY).count()).isEqualTo(generated.traces());
      assertThat(hdfs.exists(new org.apache.hadoop.fs.Path("/warehouse/_runs/dt=" + DAY + "/" + report.runId() + ".json")))
          .isTrue();
      // owner-only (output.umask's default), every file and directory the run made, on HDFS as on local disk
      java.util.List<org.apache.hadoop.fs.FileStatus> written = new java.util.ArrayList<>();
      collect(hdfs, new org.apache.hadoop.fs.Path("/warehouse"), written);
      assertThat(written).hasSizeGreaterThan(20);
      assertThat(written).allSatisfy(status -> assertThat(status.getPermission().toShort())
          .as("%s %s", status.getPath(), status.getPermission()).isEqualTo((short) (status.isDirectory() ? 0700 : 0600)));
    }
  }

  private static void collect(FileSystem fs, org.apache.hadoop.fs.Path path,
      java.util.List<org.apache.hadoop.fs.FileStatus> into) throws IOException {
    org.apache.hadoop.fs.FileStatus status = fs.getFileStatus(path);
    into.add(status);
    if (status.isDirectory()) {
      for (org.apache.hadoop.fs.FileStatus child : fs.listStatus(path)) {
        collect(fs, child.getPath(), into);
      }
    }
  }
}
