package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many partitions (and so events files, and lines per sort) a day gets, from what the listing knows of it. */
class PartitionSizingTest {

  private static final long MB = 1L << 20;

  private static InputFile file(String uri, long bytes) {
    return InputFile.whole(uri, bytes, null);
  }

  @Test
  void compressedFilesCountAsTheLogsTheyHold() {
    ListInputs day = new ListInputs(List.of(file("file:/logs/a.log", 10 * MB), file("file:/logs/b.log.gz", 10 * MB),
        file("file:/logs/c.json.zst", 1 * MB)), List.of(), Map.of());
    assertThat(day.inputBytes()).isEqualTo(21 * MB);
    assertThat(day.rawBytes()).isEqualTo(10 * MB + 11 * MB * ListInputs.COMPRESSION_RATIO);
  }

  @Test
  void linesComeFromTheCountedFilesAndTheirBytesPerLineForTheOthers() {
    // a counted file of 100-byte lines: the uncounted and the compressed ones are read at the same rate
    ListInputs day = new ListInputs(List.of(file("file:/logs/a.log", 1000), file("file:/logs/b.log", 500),
        file("file:/logs/c.log.gz", 100)), List.of(), Map.of("file:/logs/a.log", 10L));
    assertThat(day.estimatedLines()).isEqualTo(10 + 5 + 100 * ListInputs.COMPRESSION_RATIO / 100);

    ListInputs uncounted = new ListInputs(List.of(file("file:/logs/b.log", 2560)), List.of(), Map.of());
    assertThat(uncounted.estimatedLines()).isEqualTo(2560 / ListInputs.DEFAULT_BYTES_PER_LINE);
    // nothing counted, a file sampled: every file at the sample's bytes per line
    ListInputs sampled = new ListInputs(List.of(file("file:/logs/b.log", 4400), file("file:/logs/c.log.gz", 110)),
        List.of(), Map.of(), 440.0);
    assertThat(sampled.estimatedLines()).isEqualTo((4400 + 110 * ListInputs.COMPRESSION_RATIO) / 440);
  }

  @Test
  void theSampleReadsTheStartOfTheLargestUncompressedFile(@TempDir Path dir) throws IOException {
    Path small = Files.writeString(dir.resolve("small.log"), "a\nb\nc\n"); // 2 bytes a line
    Path large = Files.writeString(dir.resolve("large.log"), ("x".repeat(99) + "\n").repeat(30_000)); // 100
    Path packed = dir.resolve("larger.log.gz");
    Files.write(packed, new byte[4_000_000]); // compressed: not what the sample reads, even unreadable
    List<InputFile> files = List.of(file(small.toUri().toString(), Files.size(small)),
        file(large.toUri().toString(), Files.size(large)), file(packed.toUri().toString(), Files.size(packed)));
    Configuration hadoop = new Configuration();
    assertThat(ListInputs.sampleBytesPerLine(files, hadoop)).isEqualTo(100.0);
    // a whole file whose last line has no line feed: that line counts too
    Path unterminated = Files.writeString(dir.resolve("unterminated.log"), "abc\ndef");
    assertThat(ListInputs.sampleBytesPerLine(List.of(file(unterminated.toUri().toString(), 7)), hadoop))
        .isEqualTo(3.5);
    // no line feed in the sample, no uncompressed file, a file that is gone: nothing sampled
    Path oneLine = Files.writeString(dir.resolve("one.log"), "y".repeat(ListInputs.SAMPLE_BYTES + 10));
    assertThat(ListInputs.sampleBytesPerLine(List.of(file(oneLine.toUri().toString(), Files.size(oneLine))), hadoop))
        .isZero();
    assertThat(ListInputs.sampleBytesPerLine(List.of(file(packed.toUri().toString(), 4_000_000)), hadoop)).isZero();
    assertThat(ListInputs.sampleBytesPerLine(List.of(file(dir.resolve("gone.log").toUri().toString(), 100)), hadoop))
        .isZero();
  }

  @Test
  void aDayOfShortLinesGetsPartitionsForItsLinesNotOnlyItsBytes() {
    // 5 GB of JSON (440-byte lines) and of a pattern layout's 260-byte lines, the same 20M lines
    // one core: no rounds to fill
    long json = NightlyJob.partitions(8_800 * MB, 20_000_000, 1, 1, 1);
    long pattern = NightlyJob.partitions(5_150 * MB, 20_000_000, 1, 1, 1);
    assertThat(json).isEqualTo(35); // by bytes: 256 MB each
    assertThat(pattern).isEqualTo(34); // by lines: 600,000 each, where bytes alone made 21
    // a small day: one per core, whatever its lines
    assertThat(NightlyJob.partitions(100 * MB, 300_000, 1, 2, 2)).isEqualTo(2);
    assertThat(NightlyJob.partitions(0, 0, 0, 0, 2)).isEqualTo(1);
  }

  @Test
  void partitionsBeyondTheCoresComeInWholeRounds() {
    // 1.3M lines ask for 3 partitions: on 2 cores the third would run alone
    assertThat(NightlyJob.partitions(440 * MB, 1_300_000, 1, 2, 2)).isEqualTo(4);
    assertThat(NightlyJob.partitions(8_800 * MB, 20_000_000, 1, 2, 2)).isEqualTo(36);
    assertThat(NightlyJob.partitions(5_150 * MB, 20_000_000, 1, 2, 2)).isEqualTo(34);
    assertThat(NightlyJob.partitions(8_800 * MB, 20_000_000, 1, 8, 8)).isEqualTo(40);
    // no more than one round: left as the day asks, even when it fills only some of the cores
    assertThat(NightlyJob.partitions(440 * MB, 1_200_000, 1, 8, 8)).isEqualTo(8);
    assertThat(NightlyJob.partitions(100 * MB, 1_200_000, 1, 3, 8)).isEqualTo(3);
  }
}
