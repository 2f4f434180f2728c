package io.tracelake.jobs.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.cli.TracelakeCommand;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.simulator.Compression;
import io.tracelake.simulator.GenerationSummary;
import io.tracelake.simulator.GeneratorOptions;
import io.tracelake.simulator.LogSimulator;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file and directory a run writes under the warehouse (tables, checksum files, the day's pointer, reports,
 * the completion marker) and the report copy it writes elsewhere has the config's mode: owner-only by default,
 * whatever Hadoop's default umask (022) and the process's umask would give.
 */
class OutputModeTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

  @TempDir
  static Path dir;

  @AfterAll
  static void backToTheDefaultMode() {
    // the session is shared with the other test classes of the JVM
    org.apache.spark.sql.SparkSession.getDefaultSession().get().sparkContext().hadoopConfiguration()
        .set(OutputMode.UMASK_KEY, OutputMode.DEFAULT_UMASK);
  }

  private static GenerationSummary generate(Path out) throws IOException {
    return new LogSimulator(new GeneratorOptions(out, DAY, 20, 3, Compression.NONE)).run();
  }

  @Test
  void byDefaultEveryFileIsOwnerOnlyAndEveryDirectoryToo() throws IOException {
    GenerationSummary generated = generate(dir.resolve("default"));
    new NightlyJob(spark(), ConfigLoader.load(generated.configFile())).run(DAY);
    Map<String, String> modes = modes(dir.resolve("default/warehouse"));
    assertThat(modes).containsKey("_runs/dt=" + DAY + "/_CURRENT").containsKey("_runs/dt=" + DAY + "/_COMPLETE")
        .containsKey("service_operations_daily");
    assertThat(modes.keySet()).anyMatch(name -> name.startsWith("events/dt=") && name.endsWith(".parquet"))
        .anyMatch(name -> name.endsWith(".parquet.crc"));
    assertThat(modes).allSatisfy((name, mode) -> assertThat(mode).as(name)
        .isEqualTo(Files.isDirectory(dir.resolve("default/warehouse").resolve(name)) ? "rwx------" : "rw-------"));
  }

  @Test
  void aConfiguredUmaskGivesItsModeToTheWarehouseAndToTheReportCopy() throws IOException {
    GenerationSummary generated = generate(dir.resolve("group"));
    Path config = generated.configFile();
    Files.writeString(config, Files.readString(config) + "output:\n  umask: \"027\"\n");
    Path report = dir.resolve("reports/run.json");
    Files.createDirectories(report.getParent());
    StringWriter err = new StringWriter();
    int code = TracelakeCommand.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "run",
        "--config", config.toString(), "--date", DAY.toString(), "--report", report.toString());
    assertThat(code).as(err.toString()).isZero();
    Path warehouse = dir.resolve("group/warehouse");
    Map<String, String> modes = modes(warehouse);
    assertThat(modes).hasSizeGreaterThan(20);
    assertThat(modes).allSatisfy((name, mode) -> assertThat(mode).as(name)
        .isEqualTo(Files.isDirectory(warehouse.resolve(name)) ? "rwxr-x---" : "rw-r-----"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-r-----");
  }

  /** The POSIX mode of the directory and of everything under it, by path relative to it ("" for itself). */
  private static Map<String, String> modes(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = paths.toList();
      Map<String, String> modes = new TreeMap<>();
      for (Path path : all) {
        modes.put(root.relativize(path).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
      }
      return modes;
    }
  }
}
