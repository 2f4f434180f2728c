import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.simulator.Compression;
import io.tracelake.simulator.GenerationSummary;
import io.tracelake.simulator.GeneratorOptions;
import io.tracelake.simulator.LogSimulator;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.jobs.run.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the month bench/trace-lookup.sh searches, in one JVM and one Spark session (30 JVM and Spark
 * starts would cost more than the days): for each day, simulate it with its own seed, run the nightly
 * job on it into one shared warehouse, keep one trace id and the input size, drop the logs. Days whose
 * traces partition exists are skipped, so an interrupted build resumes.
 *   java -cp <tracelake classpath> bench/BuildMonth.java OUT_DIR FIRST_DAY DAYS REQUESTS_PER_DAY
 */
public class BuildMonth {
  private static final Pattern TRACE_ID = Pattern.compile("\"trace_id\":\"([0-9a-f]{32})\"");

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]).toAbsolutePath();
    LocalDate first = LocalDate.parse(args[1]);
    int days = Integer.parseInt(args[2]);
    int requests = Integer.parseInt(args[3]);
    String warehouse = out.resolve("warehouse").toString();
    SparkSession spark = SparkSession.builder().master("local[*]").appName("tracelake bench month")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, 2 * Runtime.getRuntime().availableProcessors())))
        .getOrCreate();
    for (int i = 0; i < days; i++) {
      LocalDate day = first.plusDays(i);
      // a day is in the warehouse once its pointer is (model/SCHEMA.md, "Commit")
      if (Files.exists(Path.of(warehouse, "_runs", "dt=" + day, "_CURRENT"))) {
        continue;
      }
      Path gen = out.resolve("gen-" + day);
      deleteTree(gen);
      GenerationSummary generated = new LogSimulator(new GeneratorOptions(gen, day, requests, 1000 + i,
          Compression.NONE)).run();
      long inputBytes;
      try (Stream<Path> files = Files.walk(gen.resolve("logs"))) {
        inputBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      List<String> truth = Files.readAllLines(generated.truthFile());
      Matcher id = TRACE_ID.matcher(truth.get(truth.size() - 1));
      if (!id.find()) {
        throw new IllegalStateException("no trace id in " + generated.truthFile());
      }
      TracelakeConfig config = ConfigLoader.load(generated.configFile());
      config = new TracelakeConfig(config.file(), warehouse, config.sources(), config.spark(), config.maxLineBytes(),
          config.splitBytes(), config.operationRules(), config.rebuild());
      long started = System.nanoTime();
      RunReport report = new NightlyJob(spark, config).run(day);
      System.out.printf("%s: %,d lines, %,d traces, %.1f s%n", day, report.counts().linesRead(),
          report.counts().traces(), (System.nanoTime() - started) / 1e9);
      Files.writeString(out.resolve("id-" + day), id.group(1) + "\n");
      Files.writeString(out.resolve("input-bytes-" + day), inputBytes + "\n");
      deleteTree(gen);
    }
    spark.stop();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
