package io.tracelake.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.jobs.cli.TracelakeCommand;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every notebook under notebooks/, executed headless with the pinned requirements against a warehouse
 * generated here, as an analyst would run it: a notebook that raises fails the build with its error.
 *
 * <p>Needs Python 3.11 or later with venv on the PATH (or in TRACELAKE_PYTHON). The venv lives in
 * target/notebooks-venv and is reused while requirements.txt and the Python stay the same.
 */
class NotebooksIT {

  private static final Path NOTEBOOKS = Path.of("notebooks");
  private static final Path REQUIREMENTS = NOTEBOOKS.resolve("requirements.txt");
  private static final Path VENV = Path.of("target", "notebooks-venv").toAbsolutePath();
  private static final Path WORK = Path.of("target", "notebooks-it").toAbsolutePath();
  private static final Path EXECUTED = WORK.resolve("executed");
  /** Three consecutive days, so that the notebooks have days to compare; small, so that the test stays quick. */
  private static final List<String> DAYS = List.of("2026-11-18", "2026-11-19", "2026-11-20");
  private static final int REQUESTS_PER_DAY = 300;
  private static final List<String> EXPECTED = List.of(
      "dependency-graph.ipynb", "service-health.ipynb", "slow-and-failing.ipynb", "trace-waterfall.ipynb",
      "critical-path-and-change.ipynb");
  private static final Pattern PINNED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*==[0-9][A-Za-z0-9.+!-]*");
  private static final Pattern ANSI_COLOUR = Pattern.compile("\u001B\\[[;\\d]*m");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void committedNotebooksHaveNoOutputsAndReadTheWarehouseVariable() throws IOException {
    assertThat(notebooks()).extracting(path -> path.getFileName().toString()).containsAll(EXPECTED);
    for (Path notebook : notebooks()) {
      JsonNode root = JSON.readTree(notebook.toFile());
      assertThat(root.path("metadata").path("kernelspec").path("name").asText()).as(notebook + " kernel")
          .isEqualTo("python3");
      String source = String.join("\n", sources(root));
      assertThat(source).as(notebook + " reads its warehouse from TRACELAKE_WAREHOUSE")
          .contains("os.environ.get(\"TRACELAKE_WAREHOUSE\"");
      for (JsonNode cell : root.path("cells")) {
        if (cell.path("cell_type").asText().equals("code")) {
          assertThat(cell.path("outputs").size()).as(notebook + " cell " + cell.path("id") + ": outputs").isZero();
          assertThat(cell.path("execution_count").isNull()).as(notebook + " cell " + cell.path("id")
              + ": execution_count must be null (clear outputs before committing)").isTrue();
        }
      }
    }
  }

  @Test
  void everyRequirementIsPinned() throws IOException {
    List<String> requirements = Files.readAllLines(REQUIREMENTS).stream()
        .map(line -> line.replaceFirst("#.*", "").strip())
        .filter(line -> !line.isEmpty())
        .toList();
    assertThat(requirements).isNotEmpty().allMatch(line -> PINNED.matcher(line).matches(), "is name==version");
    assertThat(requirements).anyMatch(line -> line.startsWith("duckdb=="))
        .anyMatch(line -> line.startsWith("pandas=="))
        .anyMatch(line -> line.startsWith("pyarrow=="))
        .anyMatch(line -> line.startsWith("matplotlib=="))
        .anyMatch(line -> line.startsWith("nbconvert=="));
  }

  @TestFactory
  Stream<DynamicTest> everyNotebookRunsHeadlessOnAFreshWarehouse() throws Exception {
    long started = System.nanoTime();
    String basePython = System.getenv().getOrDefault("TRACELAKE_PYTHON", "python3");
    String pythonVersion = probePython(basePython);  // no Python fails here, before minutes of Spark
    // pip works in its own process while Spark generates the days here: the two overlap
    ExecutorService background = Executors.newSingleThreadExecutor();
    Future<Path> venv = background.submit(() -> venvWithRequirements(basePython, pythonVersion));
    background.shutdown();
    Path warehouse = generateWarehouse();
    long generated = System.nanoTime();
    Path python;
    try {
      python = venv.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause().getMessage(), e.getCause());
    }
    System.out.printf("NotebooksIT: %d days generated and run in %.1f s; venv ready after %.1f s%n",
        DAYS.size(), (generated - started) / 1e9, (System.nanoTime() - started) / 1e9);
    return Stream.concat(notebooks().stream().map(notebook -> DynamicTest.dynamicTest(
        notebook.getFileName().toString(), () -> executeAndCheck(python, notebook, warehouse))),
        Stream.of(DynamicTest.dynamicTest("views.sql", () -> viewsReadWhatThePointersName(python, warehouse))));
  }

  /**
   * notebooks/views.sql in DuckDB on a copy of the warehouse to which a run still being written (a day directory
   * holding a second run's files that no pointer names) and a day of the old layout (files right in dt=, no
   * pointer) were added: every view counts, per day, exactly the rows of the files the day's pointer names
   * (parquet-java's footers), the old day's rows, and nothing of the unfinished run; dt is a DATE.
   */
  private static void viewsReadWhatThePointersName(Path python, Path warehouse) throws Exception {
    Path copy = WORK.resolve("views-warehouse");
    deleteRecursively(copy);
    copyRecursively(warehouse, copy);
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    java.time.LocalDate first = java.time.LocalDate.parse(DAYS.get(0));
    Map<String, Map<String, Long>> expected = new java.util.TreeMap<>();
    for (io.tracelake.model.schema.Table table : io.tracelake.model.schema.Tables.ALL) {
      if (!Files.isDirectory(copy.resolve(table.name())) || table.name().endsWith("_rollup")) {
        continue;
      }
      for (String day : DAYS) {
        long rows = 0;
        for (org.apache.hadoop.fs.Path file : io.tracelake.jobs.warehouse.DayPointer.files(copy.toString(), table,
            java.time.LocalDate.parse(day), hadoop)) {
          rows += rowCount(file, hadoop);
        }
        expected.computeIfAbsent(table.name(), t -> new java.util.TreeMap<>()).put(day, rows);
      }
      List<org.apache.hadoop.fs.Path> current = io.tracelake.jobs.warehouse.DayPointer.files(copy.toString(), table,
          first, hadoop);
      // a run being written beside the current one: its files must not show
      Path unfinished = copy.resolve(table.name()).resolve("dt=" + first).resolve("20991231T000000Z-unfinished");
      Files.createDirectories(unfinished);
      // a day of the old layout: files right in its directory, no pointer
      Path oldDay = copy.resolve(table.name()).resolve("dt=2026-01-02");
      Files.createDirectories(oldDay);
      long oldRows = 0;
      for (org.apache.hadoop.fs.Path file : current) {
        Path source = Path.of(file.toUri());
        Files.copy(source, unfinished.resolve(source.getFileName()));
        Files.copy(source, oldDay.resolve(source.getFileName()));
        oldRows += rowCount(file, hadoop);
      }
      expected.get(table.name()).put("2026-01-02", oldRows);
    }
    Path script = WORK.resolve("views-check.py");
    Files.writeString(script, String.join("\n",
        "import duckdb, json, sys",
        "con = duckdb.connect()",
        "con.execute('SET VARIABLE warehouse = ?', [sys.argv[1]])",
        "con.execute(open(sys.argv[2]).read())",
        "out = {}",
        "for table in json.loads(sys.argv[3]):",
        "    types = {t for (t,) in con.sql(f'SELECT DISTINCT typeof(dt) FROM {table}').fetchall()}",
        "    assert types <= {'DATE'}, (table, types)",
        "    out[table] = {str(d): n for d, n in con.sql(f'SELECT dt, count(*) FROM {table} GROUP BY dt').fetchall()}",
        "print(json.dumps(out))", ""));
    Path log = WORK.resolve("views-check.log");
    int code = run(List.of(python.toString(), script.toString(), copy.toString(),
        NOTEBOOKS.resolve("views.sql").toAbsolutePath().toString(), JSON.writeValueAsString(expected.keySet())),
        Map.of(), Duration.ofMinutes(2), log);
    assertThat(code).as(tail(log, 30)).isZero();
    String result = tail(log, 30);
    String printed = Files.readAllLines(log).stream().filter(line -> line.startsWith("{")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no result: " + result));
    Map<String, Map<String, Long>> viewed = JSON.readValue(printed,
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Map<String, Long>>>() {});
    // a day whose table has no row shows no group in the view: compare the days that have rows
    expected.values().forEach(days -> days.values().removeIf(n -> n == 0));
    assertThat(viewed).isEqualTo(expected);
    assertThat(expected.get("spans")).hasSize(DAYS.size() + 1);
  }

  private static long rowCount(org.apache.hadoop.fs.Path file, org.apache.hadoop.conf.Configuration hadoop)
      throws IOException {
    try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, hadoop))) {
      return reader.getRecordCount();
    }
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  private static void executeAndCheck(Path python, Path notebook, Path warehouse) throws Exception {
    Files.createDirectories(EXECUTED);
    Path log = WORK.resolve(notebook.getFileName() + ".log");
    long started = System.nanoTime();
    int code = run(List.of(python.toString(), "-m", "nbconvert", "--to", "notebook", "--execute",
            "--output-dir", EXECUTED.toString(), "--ExecutePreprocessor.timeout=300",
            "--ExecutePreprocessor.kernel_name=python3", notebook.toString()),
        kernelEnvironment(warehouse), Duration.ofMinutes(6), log);
    if (code != 0) {
      throw new AssertionError(notebook + " failed (exit " + code + "); nbconvert said:\n" + tail(log, 60));
    }
    System.out.printf("NotebooksIT: %s executed in %.1f s%n", notebook.getFileName(), (System.nanoTime() - started) / 1e9);

    JsonNode executed = JSON.readTree(EXECUTED.resolve(notebook.getFileName()).toFile());
    int images = 0;
    for (JsonNode cell : executed.path("cells")) {
      if (!cell.path("cell_type").asText().equals("code")) {
        continue;
      }
      String where = notebook.getFileName() + " cell " + cell.path("id").asText();
      assertThat(cell.path("execution_count").isInt()).as(where + " was executed").isTrue();
      boolean cellImage = false;
      for (JsonNode output : cell.path("outputs")) {
        assertThat(output.path("output_type").asText()).as(where + ": " + output.path("evalue").asText())
            .isNotEqualTo("error");
        cellImage |= output.path("data").has("image/png");
      }
      if (String.join("", text(cell.path("source"))).contains("plt.show()")) {
        assertThat(cellImage).as(where + " draws a figure (plt.show()) but has no image/png output").isTrue();
        images++;
      }
    }
    assertThat(images).as(notebook + " figures").isPositive();
  }

  /** The environment the notebooks run in: the warehouse, and Jupyter's and matplotlib's state kept under target/. */
  private static Map<String, String> kernelEnvironment(Path warehouse) {
    return Map.of(
        "TRACELAKE_WAREHOUSE", warehouse.toString(),
        // the venv's kernelspec starts "python": the venv's, found first on the PATH
        "PATH", VENV.resolve("bin") + File.pathSeparator + System.getenv().getOrDefault("PATH", ""),
        "JUPYTER_DATA_DIR", WORK.resolve("jupyter/data").toString(),
        "JUPYTER_RUNTIME_DIR", WORK.resolve("jupyter/runtime").toString(),
        "JUPYTER_CONFIG_DIR", WORK.resolve("jupyter/config").toString(),
        "JUPYTER_PLATFORM_DIRS", "1",
        "IPYTHONDIR", WORK.resolve("ipython").toString(),
        "MPLCONFIGDIR", WORK.resolve("matplotlib").toString(),
        "MPLBACKEND", "module://matplotlib_inline.backend_inline");
  }

  /** Generates {@link #DAYS} with the simulator and runs the nightly job on each, in this JVM. */
  private static Path generateWarehouse() throws IOException {
    Path out = WORK.resolve("shop");
    deleteRecursively(out);
    // one local session for all the runs: tracelake run uses the session it finds instead of starting its own
    SparkSession spark = SparkSession.builder().master("local[2]").appName("NotebooksIT")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    try {
      for (String day : DAYS) {
        tracelake("generate", "--out", out.toString(), "--date", day, "--requests", String.valueOf(REQUESTS_PER_DAY));
        tracelake("run", "--config", out.resolve("tracelake.yaml").toString(), "--date", day);
      }
    } finally {
      spark.stop();
    }
    Path warehouse = out.resolve("warehouse");
    for (String table : List.of("spans", "traces", "events", "service_operations_daily", "service_hourly",
        "errors_daily", "dependencies_daily")) {
      for (String day : DAYS) {
        assertThat(warehouse.resolve(table).resolve("dt=" + day)).as("the run wrote " + table).isDirectory();
      }
    }
    return warehouse;
  }

  private static void tracelake(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TracelakeCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertThat(code).as("tracelake " + String.join(" ", args) + "\n" + out + err).isZero();
  }

  /** The version and path of the Python that makes the venv ("3.11 /usr/bin/python3"); fails with the fix if none. */
  private static String probePython(String basePython) throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    Path probe = WORK.resolve("python-version.log");
    int probed;
    try {
      probed = run(List.of(basePython, "-c",
          "import sys, venv; print('%d.%d %s' % (sys.version_info[0], sys.version_info[1], sys.executable))"),
          Map.of(), Duration.ofMinutes(1), probe);
    } catch (IOException notFound) {
      throw new AssertionError("NotebooksIT needs Python 3.11+ with venv to run the notebooks, and '" + basePython
          + "' could not be started (" + notFound.getMessage() + "). Install it (Debian: apt-get install python3 "
          + "python3-venv) or point TRACELAKE_PYTHON at one.", notFound);
    }
    String version = Files.readString(probe).strip();
    if (probed != 0 || !version.matches("3\\.(1[1-9]|[2-9]\\d) .*")) {
      throw new AssertionError("NotebooksIT needs Python 3.11+ with the venv module (pandas 3 needs 3.11); '"
          + basePython + "' gave: " + version + ". Install it (Debian: apt-get install python3 python3-venv) "
          + "or point TRACELAKE_PYTHON at one.");
    }
    return version;
  }

  /**
   * The venv's python with requirements.txt installed: made once, then reused while the requirements and the
   * Python it was made from are unchanged (a marker holds their fingerprint).
   */
  private static Path venvWithRequirements(String basePython, String version) throws Exception {
    Path python = VENV.resolve("bin").resolve("python");
    Path marker = VENV.resolve("tracelake-requirements.sha256");
    String fingerprint = sha256(Files.readString(REQUIREMENTS) + "\n" + version);
    if (Files.isExecutable(python) && Files.exists(marker) && Files.readString(marker).strip().equals(fingerprint)) {
      return python;
    }
    deleteRecursively(VENV);
    Path log = WORK.resolve("venv.log");
    if (run(List.of(basePython, "-m", "venv", VENV.toString()), Map.of(), Duration.ofMinutes(2), log) != 0) {
      throw new AssertionError("'" + basePython + " -m venv' failed (Debian: apt-get install python3-venv):\n"
          + tail(log, 20));
    }
    // PIP_RETRIES=0: where the default index is unreachable and a local one serves the wheels, pip would
    // otherwise retry the unreachable one for minutes
    Map<String, String> pipEnv = Map.of("PIP_RETRIES", "0", "PIP_TIMEOUT", "15", "PIP_DISABLE_PIP_VERSION_CHECK", "1");
    if (run(List.of(python.toString(), "-m", "pip", "install", "-r", REQUIREMENTS.toAbsolutePath().toString()),
        pipEnv, Duration.ofMinutes(10), log) != 0) {
      throw new AssertionError("pip could not install " + REQUIREMENTS + " into " + VENV + ":\n" + tail(log, 40));
    }
    Files.writeString(marker, fingerprint + "\n");
    return python;
  }

  private static List<Path> notebooks() throws IOException {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      return files.filter(path -> path.getFileName().toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  private static List<String> sources(JsonNode notebook) {
    List<String> sources = new ArrayList<>();
    notebook.path("cells").forEach(cell -> sources.add(String.join("", text(cell.path("source")))));
    return sources;
  }

  /** A notebook text field: a string, or a list of lines. */
  private static List<String> text(JsonNode node) {
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    List<String> lines = new ArrayList<>();
    node.forEach(line -> lines.add(line.asText()));
    return lines;
  }

  private static int run(List<String> command, Map<String, String> env, Duration timeout, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout.toMinutes()
          + " minutes; its output so far:\n" + tail(log, 40));
    }
    return process.exitValue();
  }

  private static String tail(Path log, int lines) throws IOException {
    // lenient decoding: a tool's output is not always valid UTF-8, and the message must still come through
    // and without the terminal colours IPython puts in tracebacks
    List<String> all = ANSI_COLOUR.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8)).replaceAll("")
        .lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private static String sha256(String text) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
