package io.tracelake.jobs.run;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.warehouse.TaskConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Stage 1 of the nightly run: the day's input files, cut into read splits, each split numbered with the lines
 * before it (a Spark job counts the line feeds of the split files).
 *
 * @param files the day's files
 * @param splits what the parse tasks read: whole files and splits of large uncompressed ones
 * @param splitFileLines the line count of each split file, from its line feeds
 * @param sampledBytesPerLine bytes per line of the start of the day's largest uncompressed file, when no file was
 *     split (0: none sampled)
 */
record ListInputs(List<InputFile> files, List<InputFile> splits, Map<String, Long> splitFileLines,
    double sampledBytesPerLine) {

  /** A day with nothing sampled. */
  ListInputs(List<InputFile> files, List<InputFile> splits, Map<String, Long> splitFileLines) {
    this(files, splits, splitFileLines, 0);
  }

  /**
   * How much a compressed log file holds per byte, about: logs repeat themselves, and gzip or zstd shrink them five-
   * to fifteenfold. Only for sizing the day's partitions before it is read, where guessing high costs a few more
   * files and guessing low a sort that holds many times the lines of an uncompressed partition.
   */
  static final long COMPRESSION_RATIO = 8;
  /**
   * Bytes per line assumed where no file of the day was counted or sampled: short lines, so more partitions rather
   * than fewer.
   */
  static final long DEFAULT_BYTES_PER_LINE = 256;
  /** How much of a file's start is read for its bytes per line: thousands of lines, a few milliseconds. */
  static final int SAMPLE_BYTES = 1 << 20;

  long inputBytes() {
    return files.stream().mapToLong(InputFile::bytes).sum();
  }

  /** The day's bytes once decompressed: compressed files count {@link #COMPRESSION_RATIO} times their size. */
  long rawBytes() {
    return files.stream().mapToLong(ListInputs::rawBytes).sum();
  }

  private static long rawBytes(InputFile file) {
    return CompressedInput.isCompressed(file.uri()) ? file.bytes() * COMPRESSION_RATIO : file.bytes();
  }

  /**
   * The day's lines, about: the counted lines of split files, and for the other files their raw bytes at the
   * counted files' bytes per line (when none was counted, at the sampled file's, else at {@link
   * #DEFAULT_BYTES_PER_LINE}). A compact format (a pattern layout's 260-byte lines) then gets as many partitions
   * for its lines as JSON of the same lines does.
   */
  long estimatedLines() {
    long countedBytes = 0;
    long countedLines = 0;
    long otherBytes = 0;
    for (InputFile file : files) {
      Long lines = splitFileLines.get(file.uri());
      if (lines != null) {
        countedBytes += file.bytes();
        countedLines += lines;
      } else {
        otherBytes += rawBytes(file);
      }
    }
    double bytesPerLine = countedLines > 0 ? Math.max(1.0, (double) countedBytes / countedLines)
        : sampledBytesPerLine > 0 ? Math.max(1.0, sampledBytesPerLine) : DEFAULT_BYTES_PER_LINE;
    return countedLines + (long) Math.ceil(otherBytes / bytesPerLine);
  }

  static ListInputs run(TracelakeConfig config, LocalDate date, Configuration hadoop, TaskConfiguration hadoopConf,
      JavaSparkContext jsc, Stages stages, List<String> warnings) throws IOException {
    List<InputFile> files = stages.time("list_inputs", () -> InputFiles.resolve(config, date, hadoop, warnings));
    Map<String, Long> splitFileLines = new HashMap<>();
    long splitBytes = InputFiles.splitBytes(config.splitBytes(), files, jsc.defaultParallelism());
    List<InputFile> splits = stages.time("split_inputs", () -> numberSplits(
        InputFiles.split(files, splitBytes), jsc, hadoopConf, splitFileLines));
    double sampled = splitFileLines.isEmpty() ? sampleBytesPerLine(files, hadoop) : 0;
    return new ListInputs(files, splits, splitFileLines, sampled);
  }

  /**
   * Bytes per line of the first {@link #SAMPLE_BYTES} of the largest uncompressed file; 0 when there is none, it
   * holds no line feed there, or it cannot be read (the parse reports that file).
   */
  static double sampleBytesPerLine(List<InputFile> files, Configuration hadoop) {
    InputFile largest = files.stream().filter(file -> !CompressedInput.isCompressed(file.uri()))
        .max(Comparator.comparingLong(InputFile::bytes)).orElse(null);
    if (largest == null || largest.bytes() == 0) {
      return 0;
    }
    byte[] sample = new byte[(int) Math.min(SAMPLE_BYTES, largest.bytes()) + 7 & -8];
    try (InputStream in = CompressedInput.open(largest.uri(), hadoop)) {
      int n = in.readNBytes(sample, 0, (int) Math.min(SAMPLE_BYTES, largest.bytes()));
      long lines = CountLineFeeds.lineFeeds(sample, 0, sample.length); // the padding is zeros, no line feed
      int read = n;
      if (n > 0 && n == largest.bytes() && sample[n - 1] != '\n') {
        lines++; // the whole file, its last line without a line feed
      } else {
        while (read > 0 && sample[read - 1] != '\n') {
          read--; // the sample ends inside a line: its bytes up to the last whole line
        }
      }
      return lines == 0 ? 0 : (double) read / lines;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Counts the line feeds of every split so each knows the number of its first line; files that are
   * not split pass through. Fills {@code fileLines} with the line count of each split file.
   */
  private static List<InputFile> numberSplits(List<InputFile> tasks, JavaSparkContext jsc,
      TaskConfiguration hadoop, Map<String, Long> fileLines) {
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
