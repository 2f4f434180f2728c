package io.tracelake.jobs.run;

import io.tracelake.jobs.warehouse.DayPointer;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.simulator.Compression;
import io.tracelake.simulator.GenerationSummary;
import io.tracelake.simulator.GeneratorOptions;
import io.tracelake.simulator.LogSimulator;
import io.tracelake.jobs.warehouse.TableSchemas;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that fails after writing its files and is run again leaves no duplicate and no partial file: the day is
 * run in a JVM of its own on {@code local[2,2]} (two attempts per task) with the first attempt of the parse and of
 * the write-and-rebuild failing after they wrote ({@link FailFirstAttempt}), and its tables equal a clean run's,
 * in as many files.
 */
class TaskRetryTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final long TIMEOUT_S = 240;

  @TempDir
  Path dir;

  @Test
  void aRetriedTaskLeavesTheTablesAsACleanRunWritesThem() throws Exception {
    GenerationSummary generated = new LogSimulator(new GeneratorOptions(dir, DAY, 40, 3, Compression.NONE)).run();
    // rejects and events without a trace id: the files the parse tasks write themselves
    Path legacy = dir.resolve("logs/" + DAY + "/legacy/legacy-1.log");
    Files.createDirectories(legacy.getParent());
    Files.write(legacy, List.of("{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"message\":\"no trace id\"}", "not json"),
        StandardCharsets.UTF_8);
    TracelakeConfig retried = ConfigLoader.load(generated.configFile());
    TracelakeConfig c = retried;
    TracelakeConfig clean = new TracelakeConfig(c.file(), dir.resolve("clean").toUri().toString(), c.sources(),
        c.spark(), c.maxLineBytes(), c.splitBytes(), c.operationRules(), c.rebuild());

    new NightlyJob(spark(), clean).run(DAY);
    Process run = runWithFailingFirstAttempts(generated.configFile());
    String err = Files.readString(dir.resolve("retry.err"));
    assertThat(run.exitValue()).as("the run with retries; its stderr:%n%s", tail(err)).isZero();
    assertThat(err).as("the first attempts failed").contains("first attempt of parse partition 0 fails")
        .contains("first attempt of write partition 0 fails");

    for (Table table : Stream.concat(Tables.NIGHTLY.stream(), Tables.AGGREGATES.stream()).toList()) {
      assertDataFrameNoOrderEquals(nullable(read(clean, table)), nullable(read(retried, table)));
      assertThat(parquetFiles(retried, table)).as("files of " + table.name()).hasSameSizeAs(parquetFiles(clean, table));
    }
    assertThat(read(retried, Tables.REJECTS).count()).isEqualTo(1);
    assertThat(local(retried.warehouse()).resolve("_staging")).doesNotExist();
    String current = DayPointer.read(retried.warehouse(), DAY, spark().sparkContext().hadoopConfiguration())
        .orElseThrow().runs().get(Tables.EVENTS.name());
    assertThat(local(retried.warehouse()).resolve("events/dt=" + DAY)).as("only the run switched to is left")
        .isDirectoryNotContaining(p -> !p.getFileName().toString().equals(current));
  }

  private Process runWithFailingFirstAttempts(Path config) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    // the --add-opens Spark needs, as this JVM got them
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Djdk")
            || a.startsWith("-Dio.netty"))
        .forEach(command::add);
    command.add("-Dspark.master=local[2,2]");
    command.add("-Dspark.ui.enabled=false");
    command.add("-Dspark.hadoop." + FailFirstAttempt.KEY + "=parse,write");
    command.add("-Dlogback.configurationFile=" + Path.of("config/logback.xml").toAbsolutePath());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tracelake.jobs.cli.TracelakeCommand",
        "run", "--config", config.toString(), "--date", DAY.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("retry.out").toFile())
        .redirectError(dir.resolve("retry.err").toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        throw new AssertionError("the run did not end in " + TIMEOUT_S + " s");
      }
      return process;
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private Dataset<Row> read(TracelakeConfig config, Table table) {
    Dataset<Row> rows = spark().read().schema(TableSchemas.spark(table))
        .parquet(DayPointer.partition(config.warehouse(), table, DAY, spark().sparkContext().hadoopConfiguration()).toString());
    return table.equals(Tables.EVENTS)
        ? rows.withColumn("attributes", functions.array_sort(functions.map_entries(functions.col("attributes"))))
        : rows;
  }

  private List<Path> parquetFiles(TracelakeConfig config, Table table) throws Exception {
    Path partition = local(DayPointer.partition(config.warehouse(), table, DAY, spark().sparkContext().hadoopConfiguration()).toString());
    try (Stream<Path> files = Files.list(partition)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).toList();
    }
  }

  private static Path local(String pathOrUri) {
    return pathOrUri.startsWith("file:") ? Path.of(java.net.URI.create(pathOrUri)) : Path.of(pathOrUri);
  }

  private static String tail(String text) {
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }
}
