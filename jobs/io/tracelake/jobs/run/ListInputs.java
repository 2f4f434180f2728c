package io.tracelake.jobs.run;

import io.tracelake.jobs.config.TracelakeConfig;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Stage 1 of the nightly run: the day's input files, cut into read splits, each split numbered with the lines
 * before it (a Spark job counts the line feeds of the split files).
 *
 * @param files the day's files
 * @param splits what the parse tasks read: whole files and splits of large uncompressed ones
 * @param splitFileLines the line count of each split file, from its line feeds
 */
record ListInputs(List<InputFile> files, List<InputFile> splits, Map<String, Long> splitFileLines) {

  long inputBytes() {
    return files.stream().mapToLong(InputFile::bytes).sum();
  }

  static ListInputs run(TracelakeConfig config, LocalDate date, Configuration hadoop, JavaSparkContext jsc,
      Stages stages, List<String> warnings) throws IOException {
    List<InputFile> files = stages.time("list_inputs", () -> InputFiles.resolve(config, date, hadoop, warnings));
    SerializableConfiguration hadoopConf = new SerializableConfiguration(hadoop);
    Map<String, Long> splitFileLines = new HashMap<>();
    List<InputFile> splits = stages.time("split_inputs", () -> numberSplits(
        InputFiles.split(files, config.splitBytes()), jsc, hadoopConf, splitFileLines));
    return new ListInputs(files, splits, splitFileLines);
  }

  /**
   * Counts the line feeds of every split so each knows the number of its first line; files that are
   * not split pass through. Fills {@code fileLines} with the line count of each split file.
   */
  private static List<InputFile> numberSplits(List<InputFile> tasks, JavaSparkContext jsc,
      SerializableConfiguration hadoop, Map<String, Long> fileLines) {
    List<InputFile> splits = tasks.stream().filter(InputFile::isSplit).toList();
    if (splits.isEmpty()) {
      return tasks;
    }
    List<CountLineFeeds.Counted> counted = new ArrayList<>(
        jsc.parallelize(splits, splits.size()).map(new CountLineFeeds(hadoop)).collect());
    counted.sort(Comparator.comparing(CountLineFeeds.Counted::uri).thenComparingLong(CountLineFeeds.Counted::start));
    Map<String, Long> before = new HashMap<>();
    Map<String, Long> running = new HashMap<>();
    for (CountLineFeeds.Counted split : counted) {
      long sum = running.getOrDefault(split.uri(), 0L);
      before.put(split.uri() + "@" + split.start(), sum);
      running.put(split.uri(), sum + split.lineFeeds());
    }
    for (CountLineFeeds.Counted split : counted) {
      InputFile file = splits.stream().filter(s -> s.uri().equals(split.uri())).findFirst().orElseThrow();
      if (split.end() == file.bytes()) {
        // a last line without a line feed is a line too
        fileLines.put(split.uri(), running.get(split.uri()) + (split.endsWithLineFeed() ? 0 : 1));
      }
    }
    return tasks.stream().map(t -> t.isSplit() ? t.withNewlinesBefore(before.get(t.uri() + "@" + t.start())) : t)
        .toList();
  }
}
