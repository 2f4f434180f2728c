package io.tracelake.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.simulator.Compression;
import io.tracelake.simulator.GenerationSummary;
import io.tracelake.simulator.GeneratorOptions;
import io.tracelake.simulator.LogSimulator;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the job does with real-world input: compressed and broken files, re-runs, days with no files. */
class NightlyJobInputsTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 3, 9);

  @TempDir
  Path dir;

  private GenerationSummary generate(int requests) throws IOException {
    return new LogSimulator(new GeneratorOptions(dir, DAY, requests, 11, Compression.NONE)).run();
  }

  private List<Path> logFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("logs"))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private long count(TracelakeConfig config, String table) {
    return day(config, table).count();
  }

  /** The day of a table as a reader sees it: the files of the run the day's pointer names. */
  private Dataset<Row> day(TracelakeConfig config, String table) {
    return io.tracelake.jobs.warehouse.WarehouseTables.read(spark(), config.warehouse(),
        Tables.NIGHTLY.stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow(), DAY);
  }

  @Test
  void readsGzipBzip2AndZstdFilesAsThePlainOnes() throws IOException {
    GenerationSummary generated = generate(25);
    List<Path> files = logFiles();
    String[] suffixes = {".gz", ".bz2", ".zst"};
    for (int i = 0; i < files.size(); i++) {
      compress(files.get(i), suffixes[i % suffixes.length]);
    }
    TracelakeConfig config = ConfigLoader.load(generated.configFile());
    RunReport report = new NightlyJob(spark(), config).run(DAY);

    assertThat(report.inputs()).extracting(f -> f.file().substring(f.file().lastIndexOf('.')))
        .containsOnly(suffixes).contains(suffixes);
    assertThat(report.counts().linesRead()).isEqualTo(generated.logLines());
    assertThat(report.counts().events()).isEqualTo(generated.logLines());
    assertThat(report.counts().spans()).isEqualTo(generated.spans());
    Dataset<Row> truthIds = spark().read().json(generated.truthFile().toString()).select("trace_id", "span_id");
    Dataset<Row> spanIds = spark().read().parquet(config.warehouse() + "/spans").select("trace_id", "span_id");
    assertDataFrameNoOrderEquals(nullable(truthIds), nullable(spanIds));
  }

  @Test
  void largeFilesReadInSplitsGiveExactlyTheEventsOfWholeFiles() throws IOException {
    // text formats with stack traces, so that entries straddle split boundaries
    GenerationSummary generated = new LogSimulator(new GeneratorOptions(dir, DAY, 120, 13, Compression.NONE,
        io.tracelake.simulator.ServiceFormat.preset(io.tracelake.simulator.ServiceFormat.MIXED))).run();
    TracelakeConfig whole = ConfigLoader.load(generated.configFile());
    RunReport wholeReport = new NightlyJob(spark(), whole).run(DAY);
    Dataset<Row> wholeEvents = day(whole, "events").cache();
    wholeEvents.count();

    Path splitConfig = dir.resolve("split.yaml");
    Files.writeString(splitConfig, Files.readString(generated.configFile()).replace("warehouse: warehouse",
        "warehouse: warehouse-split\nlimits:\n  split_bytes: 16384"));
    TracelakeConfig split = ConfigLoader.load(splitConfig);
    RunReport splitReport = new NightlyJob(spark(), split).run(DAY);

    assertThat(splitReport.counts().linesRead()).isEqualTo(wholeReport.counts().linesRead())
        .isEqualTo(generated.logLines());
    assertThat(splitReport.reconciled()).isTrue();
    assertThat(splitReport.counts().inputSplits()).isGreaterThan(wholeReport.counts().inputSplits() + 20);
    assertThat(splitReport.counts().events()).isEqualTo(wholeReport.counts().events());
    assertThat(splitReport.counts().rejects()).isEqualTo(wholeReport.counts().rejects());
    Dataset<Row> splitEvents = day(split, "events")
        .drop("attributes"); // a map column does not compare; its content is covered by the rest
    assertDataFrameNoOrderEquals(nullable(wholeEvents.drop("attributes")), nullable(splitEvents));
    assertThat(day(split, "spans").count())
        .isEqualTo(day(whole, "spans").count());
  }

  @Test
  void aTruncatedArchiveKeepsItsReadableLinesAndIsReported() throws IOException {
    GenerationSummary generated = generate(25);
    Path victim = logFiles().get(0);
    long victimLines = Files.readAllLines(victim).size();
    Path gz = compress(victim, ".gz");
    byte[] bytes = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    TracelakeConfig config = ConfigLoader.load(generated.configFile());

    RunReport report = new NightlyJob(spark(), config).run(DAY);

    RunReport.FileReport broken = report.inputs().stream().filter(f -> f.error() != null).findFirst().orElseThrow();
    assertThat(broken.file()).endsWith(".gz");
    assertThat(broken.lines()).isPositive().isLessThan(victimLines).isEqualTo(broken.events());
    assertThat(report.counts().filesWithErrors()).isEqualTo(1);
    assertThat(report.reconciled()).isTrue();
    assertThat(report.counts().events()).isEqualTo(generated.logLines() - victimLines + broken.lines());
    assertThat(count(config, "events")).isEqualTo(report.counts().events());
  }

  @Test
  void reRunningADayReplacesExactlyThatDay() throws IOException {
    GenerationSummary generated = generate(20);
    Path broken = dir.resolve("logs/" + DAY + "/legacy/legacy-1.log");
    Files.createDirectories(broken.getParent());
    Files.write(broken, List.of("garbage", "more garbage"), StandardCharsets.UTF_8);
    TracelakeConfig config = ConfigLoader.load(generated.configFile());
    RunReport first = new NightlyJob(spark(), config).run(DAY);
    assertThat(count(config, "rejects")).isEqualTo(2);

    // another day already in the warehouse, of the layout before schema 7 (its files right in dt=), must survive
    // the re-run untouched
    Path otherDay = Path.of(config.warehouse(), "events", "dt=2026-03-08");
    copyTree(Path.of(io.tracelake.jobs.warehouse.DayPointer.partition(config.warehouse(), Tables.EVENTS, DAY,
        spark().sparkContext().hadoopConfiguration()).toUri().getPath()), otherDay);
    Map<String, Long> otherDayBefore = sizes(otherDay);

    Files.delete(broken);
    Files.delete(broken.getParent());
    RunReport second = new NightlyJob(spark(), config).run(DAY);

    assertThat(count(config, "rejects")).as("the day's old rejects are gone").isZero();
    assertThat(count(config, "events")).isEqualTo(first.counts().events()).isEqualTo(second.counts().events());
    assertThat(count(config, "spans")).isEqualTo(generated.spans());
    assertThat(count(config, "traces")).isEqualTo(generated.traces());
    assertThat(sizes(otherDay)).isEqualTo(otherDayBefore);
    assertThat(spark().read().parquet(config.warehouse() + "/events").where(col("dt").equalTo("2026-03-08")).count())
        .isEqualTo(first.counts().events());
    try (Stream<Path> reports = Files.list(Path.of(config.warehouse(), "_runs", "dt=" + DAY))) {
      assertThat(reports.filter(p -> p.getFileName().toString().matches("[^.].*\\.json"))).hasSize(2);
    }
  }

  @Test
  void aDayWithoutFilesIsAnInputErrorNamingTheSourceAndPaths() throws IOException {
    GenerationSummary generated = generate(2);
    TracelakeConfig config = ConfigLoader.load(generated.configFile());
    assertThatThrownBy(() -> new NightlyJob(spark(), config).run(DAY.plusDays(1)))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("source 'shop': no file matches " + dir.toAbsolutePath() + "/logs/2026-03-10/*/*.log* for 2026-03-10");
    assertThat(Files.exists(Path.of(config.warehouse(), Tables.EVENTS.name(), "dt=2026-03-10"))).isFalse();
  }

  private static Path compress(Path file, String suffix) throws IOException {
    Path target = file.resolveSibling(file.getFileName() + suffix);
    try (OutputStream raw = Files.newOutputStream(target);
        OutputStream out = switch (suffix) {
          case ".gz" -> new GzipCompressorOutputStream(raw);
          case ".bz2" -> new BZip2CompressorOutputStream(raw);
          default -> new ZstdCompressorOutputStream(raw);
        }) {
      Files.copy(file, out);
    }
    Files.delete(file);
    return target;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }

  private static Map<String, Long> sizes(Path dir) throws IOException {
    Map<String, Long> sizes = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        sizes.put(file.getFileName().toString(), Files.size(file));
      }
    }
    return sizes;
  }
}
