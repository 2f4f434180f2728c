package io.tracelake.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.jobs.warehouse.WarehouseTables;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on a real Spark standalone cluster: a master and a worker started from the Maven jars on
 * 127.0.0.1, the day submitted in client mode with its columns encrypted, and every table it wrote compared (read
 * with the keys) with a local run of the same day. Master, worker and their executors are stopped by their process handles, also when the test fails.
 */
class SparkStandaloneIT extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final long STARTUP_MS = 90_000;

  @TempDir
  Path dir;

  private final List<Process> started = new ArrayList<>();

  @Test
  void aDayOnAStandaloneClusterWritesTheSameTablesAsALocalRun() throws Exception {
    Path jar = Path.of(System.getProperty("tracelake.jobJar"));
    assertThat(jar).exists();
    String sparkClasspath = sparkClasspath();
    StringWriter ignored = new StringWriter();
    assertThat(TracelakeCommand.execute(new PrintWriter(ignored), new PrintWriter(ignored), "generate", "--out",
        dir.toString(), "--date", DAY.toString(), "--requests", "12", "--compress", "gz", "--across-midnight", "1"))
        .isZero();
    String generated = Files.readString(dir.resolve("tracelake.yaml"));
    // the cluster's day is encrypted (the executors write the files, with the KMS client from the job's jar), the
    // local one is not: with the keys, both read the same
    Path keyStore = dir.resolve("keys.jceks");
    org.apache.hadoop.conf.Configuration keys = new org.apache.hadoop.conf.Configuration();
    org.apache.hadoop.crypto.key.KeyProvider provider = org.apache.hadoop.crypto.key.KeyProviderFactory.get(
        java.net.URI.create("jceks://file" + keyStore.toAbsolutePath()), keys);
    provider.createKey("tl-footer", new org.apache.hadoop.crypto.key.KeyProvider.Options(keys).setBitLength(128));
    provider.createKey("tl-columns", new org.apache.hadoop.crypto.key.KeyProvider.Options(keys).setBitLength(128));
    provider.flush();
    Path clusterConfig = config(generated + "encryption:\n  kms_instance_url: 'jceks://file" + keyStore.toAbsolutePath()
        + "'\n  footer_key: tl-footer\n  column_key: tl-columns\n", "cluster");
    Path localConfig = config(generated, "local");

    try {
      int masterPort = freePort();
      int masterUi = freePort();
      Path sparkHome = sparkHome();
      Process master = start("master", sparkClasspath, sparkHome, List.of("org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUi)));
      awaitPort(master, masterPort);
      String masterUrl = "spark://127.0.0.1:" + masterPort;
      Process worker = start("worker", sparkClasspath, sparkHome, List.of("org.apache.spark.deploy.worker.Worker",
          masterUrl, "--host", "127.0.0.1", "--cores", "2", "--memory", "1g", "--webui-port",
          String.valueOf(freePort()), "--work-dir", dir.resolve("worker").toString()));
      awaitAliveWorker(worker, masterUi);

      Process submit = start("submit", sparkClasspath, sparkHome, List.of("org.apache.spark.deploy.SparkSubmit",
          "--master", masterUrl, "--deploy-mode", "client",
          "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
          "--conf", "spark.executor.memory=512m", "--conf", "spark.cores.max=2",
          "--conf", "spark.executor.extraJavaOptions=" + System.getProperty("tracelake.jvmOpens").trim(),
          "--class", TracelakeCommand.class.getName(), jar.toString(),
          "run", "--config", clusterConfig.toString(), "--date", DAY.toString(), "--json"));
      if (!submit.waitFor(5, TimeUnit.MINUTES)) {
        throw new AssertionError("spark-submit did not finish in 5 minutes; " + tail("submit"));
      }
      assertThat(submit.exitValue()).as(tail("submit")).isZero();
      JsonNode summary = new ObjectMapper().readTree(Files.readString(dir.resolve("submit.out")));
      assertThat(summary.path("days").get(0).path("state").asText()).isEqualTo("complete");
      // the application ran on the cluster: the master lists it, with executors on the worker
      JsonNode masterState = new ObjectMapper().readTree(http("http://127.0.0.1:" + masterUi + "/json/"));
      assertThat(masterState.path("completedapps")).as(masterState.toString()).hasSize(1);
      assertThat(masterState.path("completedapps").get(0).path("cores").asInt()).isPositive();
    } finally {
      stopAll();
    }

    int local = TracelakeCommand.execute(new PrintWriter(ignored), new PrintWriter(ignored), "run", "--config",
        localConfig.toString(), "--date", DAY.toString());
    assertThat(local).as(ignored.toString()).isZero();
    List<Table> tables = new ArrayList<>(Tables.NIGHTLY);
    tables.addAll(Tables.AGGREGATES);
    java.util.Map<String, String> encryption = io.tracelake.jobs.config.ConfigLoader.load(clusterConfig).encryption()
        .hadoopSettings();
    org.apache.hadoop.conf.Configuration session = spark().sparkContext().hadoopConfiguration();
    encryption.forEach(session::set);
    try {
      for (Table table : tables) {
        Dataset<Row> expected = comparable(WarehouseTables.read(spark(), dir.resolve("local").toString(), table, DAY));
        Dataset<Row> actual = comparable(WarehouseTables.read(spark(), dir.resolve("cluster").toString(), table, DAY));
        assertThat(actual.count()).as(table.name()).isEqualTo(expected.count());
        assertDataFrameNoOrderEquals(expected, actual);
      }
    } finally {
      encryption.keySet().forEach(session::unset);
    }
    assertThat(WarehouseTables.read(spark(), dir.resolve("cluster").toString(), Tables.SPANS, DAY).count())
        .isPositive();
    // without the keys the cluster's messages do not read
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WarehouseTables.read(spark(),
        dir.resolve("cluster").toString(), Tables.EVENTS, DAY).select("message").collectAsList())
        .rootCause().hasMessageContaining("[message]. Null File Decryptor");
    // the executors' files too are owner-only (output.umask's default), though their file systems are their own
    try (java.util.stream.Stream<Path> written = Files.walk(dir.resolve("cluster"))) {
      assertThat(written.toList()).hasSizeGreaterThan(20).allSatisfy(path -> assertThat(
          java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as("%s", path)
          .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------"));
    }
  }

  /** Map columns cannot be compared by Spark's set operations; their JSON can (a map keeps its entries' order). */
  private static Dataset<Row> comparable(Dataset<Row> frame) {
    for (var field : frame.schema().fields()) {
      if (field.dataType() instanceof org.apache.spark.sql.types.MapType) {
        frame = frame.withColumn(field.name(), to_json(col(field.name())));
      }
    }
    return frame;
  }

  private Path config(String generated, String warehouse) throws IOException {
    Path config = dir.resolve(warehouse + ".yaml");
    Files.writeString(config, generated.replaceFirst("(?m)^warehouse: .*$", "warehouse: "
        + dir.resolve(warehouse).toAbsolutePath()));
    assertThat(Files.readString(config)).contains("warehouse: " + dir.resolve(warehouse).toAbsolutePath());
    return config;
  }

  /** What a Spark distribution's jars/ holds: Spark and its dependencies, not our classes nor what the jar bundles. */
  private static String sparkClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("/target/") && !entry.contains("/picocli/")
            && !entry.contains("jackson-dataformat-yaml") && !entry.contains("/snakeyaml/")
            && !entry.contains("/zipkin2/") && !entry.contains("/sketches-java/"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** The SPARK_HOME a worker wants: an empty jars/ (the classes come from SPARK_DIST_CLASSPATH) and a conf/. */
  private Path sparkHome() throws IOException {
    Path home = dir.resolve("spark-home");
    Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    Files.copy(Path.of("config/logback.xml"), home.resolve("conf/logback.xml"));
    return home;
  }

  private Process start(String name, String classpath, Path sparkHome, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(name.equals("submit") ? "-Xmx768m" : "-Xmx256m");
    command.add("-Dlogback.configurationFile=" + sparkHome.resolve("conf/logback.xml"));
    command.addAll(Arrays.asList(System.getProperty("tracelake.jvmOpens").trim().split("\\s+")));
    command.addAll(List.of("-cp", sparkHome.resolve("conf") + File.pathSeparator + classpath));
    command.addAll(mainAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    Map<String, String> env = builder.environment();
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_DIST_CLASSPATH", classpath);
    // scratch of the driver, worker and executors (killed at the end, so never cleaned by Spark): the test's own
    env.put("SPARK_LOCAL_DIRS", dir.resolve("spark-local").toString());
    Process process = builder.start();
    started.add(process);
    return process;
  }

  /** Stops what this test started, the newest first, with the executors the worker forked. */
  private void stopAll() throws InterruptedException {
    for (int i = started.size() - 1; i >= 0; i--) {
      Process process = started.get(i);
      List<ProcessHandle> children = process.descendants().toList();
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      for (ProcessHandle child : children) {
        if (child.isAlive()) {
          child.destroyForcibly();
        }
      }
    }
    started.clear();
  }

  private void awaitPort(Process process, int port) throws InterruptedException, IOException {
    long deadline = System.currentTimeMillis() + STARTUP_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("master exited with " + process.exitValue() + "; " + tail("master"));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(300);
      }
    }
    throw new AssertionError("master did not listen on " + port + " within " + STARTUP_MS + " ms; " + tail("master"));
  }

  private void awaitAliveWorker(Process worker, int masterUi) throws InterruptedException, IOException {
    long deadline = System.currentTimeMillis() + STARTUP_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!worker.isAlive()) {
        throw new AssertionError("worker exited with " + worker.exitValue() + "; " + tail("worker"));
      }
      try {
        JsonNode state = new ObjectMapper().readTree(http("http://127.0.0.1:" + masterUi + "/json/"));
        if (state.path("aliveworkers").asInt() > 0) {
          return;
        }
      } catch (IOException notYet) {
        // the master's UI is not up yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no worker registered within " + STARTUP_MS + " ms; " + tail("worker"));
  }

  private static String http(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    connection.setConnectTimeout(2000);
    connection.setReadTimeout(5000);
    try {
      return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private String tail(String name) throws IOException {
    Path err = dir.resolve(name + ".err");
    if (!Files.exists(err)) {
      return "no " + err;
    }
    try (Stream<String> lines = Files.lines(err)) {
      List<String> all = lines.toList();
      return name + " stderr, last lines:\n" + String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
    }
  }
}
