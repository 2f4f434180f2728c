package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InputFilesTest {

  /** The file sizes of a generated 1M-line logstash day: 25 instance logs, 5 to 47 MB. */
  private static final long[] DAY_OF_1M_LINES = {47039328, 46908655, 38730847, 38188934, 32667850, 32620945,
      17615892, 17401224, 17230605, 13707057, 13609323, 13144428, 12964042, 12601903, 12169855, 11954630, 8569331,
      8229151, 7913983, 7743368, 6452783, 6451856, 6383238, 5427527, 5071273};

  @Test
  void twoCoalescedGroupsOfADayGetAboutHalfTheBytesEach() {
    List<InputFile> order = InputFiles.spreadEvenly(files(DAY_OF_1M_LINES));

    long total = bytes(order);
    long first = bytes(order.subList(0, order.size() / 2));
    // largest first, the first group held 75% of the bytes
    assertThat((double) first / total).isBetween(0.45, 0.55);
  }

  @Test
  void everyContiguousGroupIsWithinOneTaskOfItsShare() {
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      long[] sizes = new long[1 + random.nextInt(200)];
      for (int i = 0; i < sizes.length; i++) {
        // mostly small files and a few very large ones, as fleets have
        sizes[i] = 1 + (long) Math.pow(10, 3 + random.nextDouble() * 6);
      }
      List<InputFile> order = InputFiles.spreadEvenly(files(sizes));
      assertThat(order).containsExactlyInAnyOrderElementsOf(files(sizes));
      long largest = java.util.Arrays.stream(sizes).max().orElseThrow();
      long total = bytes(order);
      int n = order.size();
      for (int groups = 1; groups <= n; groups++) {
        for (int g = 0; g < groups; g++) {
          // how Spark's coalesce without locality cuts n partitions into `groups`
          int start = (int) ((long) g * n / groups);
          int end = (int) ((long) (g + 1) * n / groups);
          double share = (double) total * (end - start) / n;
          assertThat((double) bytes(order.subList(start, end))).isCloseTo(share,
              org.assertj.core.data.Offset.offset((double) largest));
        }
      }
    }
  }

  @Test
  void theOrderDependsOnlyOnTheTasks() {
    List<InputFile> files = files(DAY_OF_1M_LINES);
    List<InputFile> reversed = new ArrayList<>(files);
    java.util.Collections.reverse(reversed);
    assertThat(InputFiles.spreadEvenly(reversed)).isEqualTo(InputFiles.spreadEvenly(files));
  }

  @Test
  void theRunSplitsOnlyFilesThatWouldHoldUpTheParseUnlessTheConfigSaysHowLarge() {
    long mb = 1L << 20;
    // the 5M-line day of the same logs, 2.2 GB in 25 files of 88 to 235 MB: a quarter of a core's share of 2 is
    // 276 MB, so no file is split and none is read twice
    long[] dayOf5M = new long[DAY_OF_1M_LINES.length];
    for (int i = 0; i < dayOf5M.length; i++) {
      dayOf5M[i] = DAY_OF_1M_LINES[i] * 5;
    }
    long total = java.util.Arrays.stream(dayOf5M).sum();
    long automatic = InputFiles.splitBytes(0, files(dayOf5M), 2);
    assertThat(automatic).isEqualTo((total + 7) / 8).isGreaterThan(java.util.Arrays.stream(dayOf5M).max().orElseThrow());
    // one large file: cut into pieces of a quarter of a core's share, four per core
    assertThat(InputFiles.splitBytes(0, files(new long[] {10_000 * mb}), 2)).isEqualTo(1_250 * mb);
    // a small day, or a day on many cores: Spark's 128 MB
    assertThat(InputFiles.splitBytes(0, files(DAY_OF_1M_LINES), 2)).isEqualTo(InputFiles.MIN_AUTOMATIC_SPLIT_BYTES);
    assertThat(InputFiles.splitBytes(0, files(new long[] {10_000 * mb}), 100))
        .isEqualTo(InputFiles.MIN_AUTOMATIC_SPLIT_BYTES);
    assertThat(InputFiles.splitBytes(0, List.of(), 2)).isEqualTo(InputFiles.MIN_AUTOMATIC_SPLIT_BYTES);
    // a size the config sets is the size, whatever the day
    assertThat(InputFiles.splitBytes(16_384, files(dayOf5M), 2)).isEqualTo(16_384);
  }

  private static List<InputFile> files(long[] sizes) {
    List<InputFile> files = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      files.add(InputFile.whole("file:/logs/f" + i + ".log", sizes[i], null));
    }
    return files;
  }

  private static long bytes(List<InputFile> files) {
    return files.stream().mapToLong(InputFile::splitBytes).sum();
  }
}
