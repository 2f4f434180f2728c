package io.tracelake.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.hostile.HostileCorpus;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job on a thousand hostile files ({@link HostileCorpus}) while some files grow and one is renamed
 * away: it completes, and every line read is in the written tables, as an event's lines or a reject's, counted
 * from the Parquet files of the day.
 */
class HostileCorpusTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  /** 1,000 in the test command; bench/hostile-corpus.sh runs 10,000 through {@code -Dtracelake.hostile.files}. */
  private static final int FILES = Integer.getInteger("tracelake.hostile.files", 1_000);

  @TempDir
  Path dir;

  /** Lines of the day's events plus lines of its rejects, read back from the committed tables. */
  static long linesInTables(org.apache.spark.sql.SparkSession spark, String warehouse, LocalDate day) {
    long lines = 0;
    for (io.tracelake.model.schema.Table table : new io.tracelake.model.schema.Table[] {Tables.EVENTS, Tables.REJECTS}) {
      Dataset<Row> rows = io.tracelake.jobs.warehouse.WarehouseTables.read(spark, warehouse, table, day);
      Row total = rows.agg(sum(col("line_count"))).first();
      lines += total.isNullAt(0) ? 0 : total.getLong(0);
    }
    return lines;
  }

  @Test
  void everyLineOfAThousandHostileFilesIsAnEventOrARejectInTheWrittenTables() throws Exception {
    HostileCorpus corpus = new HostileCorpus(dir, DAY, 14, true);
    Path configFile = corpus.write(FILES);
    // a file that grows and one that is renamed away while the job runs
    Path growing = corpus.json().resolve("growing.log");
    Path renamed = corpus.json().resolve("renamed.log");
    Files.writeString(growing, "{\"@timestamp\":\"" + DAY + "T01:00:00Z\",\"message\":\"first\"}\n");
    Files.writeString(renamed, "{\"@timestamp\":\"" + DAY + "T01:00:00Z\",\"message\":\"moved\"}\n");
    AtomicBoolean running = new AtomicBoolean(true);
    Thread churn = new Thread(() -> {
      try {
        for (int i = 0; running.get() && i < 2_000; i++) {
          Files.writeString(growing, "{\"@timestamp\":\"" + DAY + "T01:00:00Z\",\"message\":\"more " + i + "\"}\n",
              StandardCharsets.UTF_8, StandardOpenOption.APPEND);
          if (i == 20) {
            Files.move(renamed, dir.resolve("renamed-away.log"));
          }
          Thread.sleep(5);
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, "hostile-churn");
    TracelakeConfig config = ConfigLoader.load(configFile);
    long start = System.nanoTime();
    RunReport report;
    churn.start();
    try {
      report = new NightlyJob(spark(), config).run(DAY);
    } finally {
      running.set(false);
      churn.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    RunReport.Counts counts = report.counts();
    long inTables = linesInTables(spark(), config.warehouse(), DAY);
    Map<String, Long> errors = new TreeMap<>();
    report.inputs().stream().filter(f -> f.error() != null).forEach(f -> errors.merge(
        f.error().replaceAll("[0-9]+", "N"), 1L, Long::sum));
    System.out.printf("hostile corpus: %d files (%d listed, %d with read errors) in %.1f s: %,d lines read, %,d in "
        + "the tables (%,d events of %,d lines, %,d rejects of %,d lines); rejects by reason %s; errors %s%n",
        corpus.written() + 2, counts.inputFiles(), counts.filesWithErrors(), seconds, counts.linesRead(), inTables,
        counts.events(), counts.eventLines(), counts.rejects(), counts.rejectLines(), counts.rejectsByReason(),
        errors);

    assertThat(inTables).isEqualTo(counts.linesRead()).isGreaterThan(100_000);
    assertThat(report.reconciled()).isTrue();
    // every file was listed: ':', '%', spaces and unicode in names; the hidden-looking ones are named as skipped
    List<String> hidden;
    try (Stream<Path> files = Files.list(corpus.json())) {
      hidden = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".") || n.startsWith("_"))
          .toList();
    }
    assertThat(hidden).hasSizeGreaterThan(FILES / HostileCorpus.KINDS);
    assertThat(counts.inputFiles()).isIn((long) corpus.written() + 2 - hidden.size(),
        (long) corpus.written() + 1 - hidden.size()); // the renamed file may be gone before the listing
    assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("skipped " + hidden.size() + " files")
        .contains(hidden.get(0)).contains("start with '.' or '_'"));
    assertThat(report.inputs()).anySatisfy(f -> assertThat(f.file()).contains(":10:00.log"))
        .allSatisfy(f -> assertThat(f.error() == null || !f.error().contains("URISyntaxException")).as(f.file())
            .isTrue());
    // the failures are the archives broken on purpose (and the renamed file, when it was listed), each named
    long broken = IntStream.range(0, FILES).filter(i -> i % HostileCorpus.KINDS >= 12 && i % HostileCorpus.KINDS <= 15)
        .count();
    assertThat(counts.filesWithErrors()).isBetween(broken, broken + 1);
    assertThat(counts.rejectsByReason()).containsKeys("bad_timestamp", "line_too_long", "malformed_json",
        "invalid_utf8", "blank_line").doesNotContainKey("parser_error"); // no hostile line reaches a parser bug
    assertThat(report.inputs().stream().filter(f -> f.file().contains("huge-stack-trace")).findFirst().orElseThrow()
        .lines()).isEqualTo(100_003);
    assertThat(seconds).isLessThan(300.0 * Math.max(1, FILES / 1_000));
  }

  @Test
  void aDayWithoutTraceIdsWritesItsEventsAndAnEmptySpansAndTracesDay() throws Exception {
    Path logs = dir.resolve("logs/" + DAY + "/json");
    Files.createDirectories(logs);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      lines.append("{\"@timestamp\":\"").append(DAY).append("T10:00:").append(String.format("%02d", i))
          .append("Z\",\"message\":\"no id ").append(i).append("\"}\n");
    }
    Files.writeString(logs.resolve("plain.log"), lines);
    Files.writeString(dir.resolve("tracelake.yaml"), """
        warehouse: warehouse
        sources:
          - {name: json, format: logstash-json, paths: ["logs/{date}/json/*"], service: {value: shop}}
        """);
    TracelakeConfig config = ConfigLoader.load(dir.resolve("tracelake.yaml"));
    RunReport report = new NightlyJob(spark(), config).run(DAY);
    assertThat(report.counts().events()).isEqualTo(50);
    assertThat(report.counts().spans()).isZero();
    assertThat(linesInTables(spark(), config.warehouse(), DAY)).isEqualTo(50);
    for (io.tracelake.model.schema.Table table : new io.tracelake.model.schema.Table[] {Tables.SPANS, Tables.TRACES}) {
      // the day's run has a file readers can open, with no row in it
      assertThat(io.tracelake.jobs.warehouse.DayPointer.files(config.warehouse(), table, DAY,
          spark().sparkContext().hadoopConfiguration())).as(table.name()).isNotEmpty();
      assertThat(io.tracelake.jobs.warehouse.WarehouseTables.read(spark(), config.warehouse(), table, DAY).count())
          .as(table.name()).isZero();
    }
  }
}
