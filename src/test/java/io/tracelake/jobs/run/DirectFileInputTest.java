package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectFileInputTest {

  private static final int MB = 1 << 20;
  /** Under the build directory, not the system's temp directory, which may be a tmpfs that refuses O_DIRECT. */
  private Path dir;

  @BeforeEach
  void createDir() throws IOException {
    dir = Files.createTempDirectory(Files.createDirectories(Paths.get("target", "direct-input-test")), "t");
  }

  @AfterEach
  void deleteDir() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }

  @Test
  void readsTheFileFromAnyOffsetWithReadsOfAnyLength() throws IOException {
    byte[] bytes = new byte[3 * MB + 123];
    new Random(3).nextBytes(bytes);
    Path file = Files.write(dir.resolve("app.log"), bytes);
    Random lengths = new Random(5);
    for (long offset : new long[] {0, 1, 4095, 4096, 4097, MB - 1, MB, MB + 1, 3 * MB + 122, 3 * MB + 123,
        3 * MB + 500}) {
      try (InputStream in = DirectFileInput.open(file, offset)) {
        assertThat(in).as("O_DIRECT on the build directory's file system").isInstanceOf(DirectFileInput.class);
        byte[] read = readMixed(in, lengths);
        byte[] expected = offset >= bytes.length ? new byte[0] : Arrays.copyOfRange(bytes, (int) offset, bytes.length);
        assertThat(read).as("from %d", offset).isEqualTo(expected);
      }
    }
  }

  @Test
  void aFileThatGrowsAfterItsEndWasReadIsReadOnToItsNewEnd() throws IOException {
    byte[] first = new byte[5_000];
    byte[] more = new byte[3_000];
    new Random(7).nextBytes(first);
    new Random(8).nextBytes(more);
    Path file = Files.write(dir.resolve("growing.log"), first);
    try (InputStream in = DirectFileInput.open(file, 0)) {
      byte[] head = in.readNBytes(100); // the first read has taken the file as it was: 5,000 bytes, off a block
      Files.write(file, more, StandardOpenOption.APPEND);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(head);
      in.transferTo(all);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.write(first);
      expected.write(more);
      assertThat(all.toByteArray()).isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void anEmptyFileEndsAtOnceAndAClosedStreamRefusesReads() throws IOException {
    Path file = Files.write(dir.resolve("empty.log"), new byte[0]);
    InputStream in = DirectFileInput.open(file, 0);
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
    in.close();
    in.close();
    assertThatThrownBy(() -> in.read(new byte[10], 0, 10)).isInstanceOf(IOException.class);
  }

  @Test
  void aMissingFileIsLeftToTheOrdinaryOpenWhichNamesIt() {
    assertThat(DirectFileInput.open(dir.resolve("missing.log"), 0)).isNull();
    Configuration hadoop = new Configuration(false);
    assertThatThrownBy(() -> CompressedInput.openAt(dir.resolve("missing.log").toUri().toString(), 0, hadoop))
        .isInstanceOf(java.io.FileNotFoundException.class).hasMessageContaining("missing.log");
  }

  @Test
  void compressedInputReadsLocalFilesDirectlyUnlessTurnedOffAndGetsTheSameBytes() throws IOException {
    byte[] bytes = new byte[MB + 4_321];
    new Random(9).nextBytes(bytes);
    String uri = Files.write(dir.resolve("split.log"), bytes).toUri().toString();
    Configuration on = new Configuration(false);
    Configuration off = new Configuration(false);
    off.setBoolean(DirectFileInput.ENABLED_KEY, false);
    try (InputStream direct = CompressedInput.openAt(uri, 12_345, on);
        InputStream ordinary = CompressedInput.openAt(uri, 12_345, off)) {
      assertThat(direct).isInstanceOf(DirectFileInput.class);
      assertThat(ordinary).isNotInstanceOf(DirectFileInput.class);
      assertThat(direct.readAllBytes()).isEqualTo(ordinary.readAllBytes())
          .isEqualTo(Arrays.copyOfRange(bytes, 12_345, bytes.length));
    }
    try (InputStream whole = CompressedInput.open(uri, on)) {
      assertThat(whole).isInstanceOf(DirectFileInput.class);
      assertThat(whole.readAllBytes()).isEqualTo(bytes);
    }
  }

  /** The rest of the stream, read a byte or a run of random length at a time. */
  private static byte[] readMixed(InputStream in, Random lengths) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[200_000];
    while (true) {
      if (lengths.nextInt(8) == 0) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        out.write(b);
      } else {
        int wanted = lengths.nextBoolean() ? 1 + lengths.nextInt(10) : 1 + lengths.nextInt(chunk.length);
        int n = in.read(chunk, 0, wanted);
        if (n < 0) {
          break;
        }
        out.write(chunk, 0, n);
      }
    }
    return out.toByteArray();
  }
}
