package io.tracelake.parsers.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;

/** Compressed inputs read to their last byte, and every failure after the bytes before it. */
class CompressedStreamsTest {

  private static String lines(int from, int to) {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) {
      text.append("line ").append(i).append(" of a log that compresses well enough\n");
    }
    return text.toString();
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** What the stream hands out before it ends or fails, and the failure. */
  private record Read(String text, IOException failure) {}

  private static Read readAll(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[64 * 1024];
    try (in) {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        out.write(chunk, 0, n);
      }
      return new Read(out.toString(StandardCharsets.UTF_8), null);
    } catch (IOException e) {
      return new Read(out.toString(StandardCharsets.UTF_8), e);
    }
  }

  /** A source that hands out at most a few bytes per read and says nothing is available, as slow file systems do. */
  private static InputStream trickling(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 7));
      }

      @Override
      public synchronized int available() {
        return 0;
      }
    };
  }

  @Test
  void everyMemberOfAConcatenatedGzipIsRead() throws IOException {
    String text = lines(0, 3000) + lines(3000, 3001) + lines(3001, 9000);
    byte[] file = concat(gzip(lines(0, 3000)), gzip(lines(3000, 3001)), gzip(""), gzip(lines(3001, 9000)));
    assertThat(readAll(new GzipMembersInputStream(new ByteArrayInputStream(file)))).isEqualTo(new Read(text, null));
    assertThat(readAll(new GzipMembersInputStream(trickling(file)))).isEqualTo(new Read(text, null));
  }

  @Test
  void aDamagedSecondMemberFailsNamingItsOffsetAfterTheFirstMembersLines() throws IOException {
    byte[] first = gzip(lines(0, 2000));
    byte[] second = gzip(lines(2000, 4000));
    for (int i = 40; i < 80; i++) {
      second[i] ^= 0x5a;
    }
    Read read = readAll(new GzipMembersInputStream(new ByteArrayInputStream(concat(first, second))));
    assertThat(read.text()).startsWith(lines(0, 2000));
    assertThat(read.failure()).hasMessageContaining("gzip member starting at byte " + first.length);
  }

  @Test
  void bytesAfterTheLastMemberAreAnErrorNotASilentEnd() throws IOException {
    byte[] file = concat(gzip(lines(0, 100)), "not gzip at all\n".getBytes(StandardCharsets.UTF_8));
    Read read = readAll(new GzipMembersInputStream(new ByteArrayInputStream(file)));
    assertThat(read.text()).isEqualTo(lines(0, 100));
    assertThat(read.failure()).hasMessageContaining("are not another gzip member");
  }

  @Test
  void aTruncatedGzipKeepsWhatWasInflatedAndSaysWhere() throws IOException {
    byte[] whole = gzip(lines(0, 20_000));
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);
    Read read = readAll(new GzipMembersInputStream(new ByteArrayInputStream(cut)));
    assertThat(read.failure()).hasMessageContaining("truncated at byte " + cut.length);
    assertThat(read.text().length()).isGreaterThan(lines(0, 20_000).length() / 3);
    assertThat(lines(0, 20_000)).startsWith(read.text());
  }

  @Test
  void aFlippedTrailerFailsTheCrcCheck() throws IOException {
    byte[] file = gzip(lines(0, 10));
    file[file.length - 6] ^= 1;
    assertThat(readAll(new GzipMembersInputStream(new ByteArrayInputStream(file))).failure())
        .hasMessageContaining("fails its CRC or size check");
  }

  @Test
  void notGzipAtAllIsSaidSo() {
    assertThatThrownBy(() -> new GzipMembersInputStream(new ByteArrayInputStream("plain\n".getBytes(
        StandardCharsets.UTF_8))).read()).hasMessageContaining("not a gzip file");
    assertThat(readAll(new GzipMembersInputStream(new ByteArrayInputStream(new byte[0])))).isEqualTo(new Read("", null));
  }

  @Test
  void aTruncatedBzip2KeepsTheBlocksDecodedBeforeTheCut() throws IOException {
    String text = lines(0, 60_000); // several 900 kB blocks at level 1
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out, 1)) {
      bz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    byte[] cut = Arrays.copyOf(out.toByteArray(), out.size() * 3 / 4);
    Read kept = readAll(new KeepDecodedInputStream(new BZip2CompressorInputStream(new ByteArrayInputStream(cut), true)));
    Read bare = readAll(new BZip2CompressorInputStream(new ByteArrayInputStream(cut), true));
    assertThat(kept.failure()).isNotNull();
    assertThat(text).startsWith(kept.text());
    // the bulk read lost the part of its last read that was decoded before the cut
    assertThat(kept.text().length()).isGreaterThan(bare.text().length()).isGreaterThan(text.length() / 2);
  }

  @Test
  void aTruncatedZstdKeepsWhatWasDecodedAndFails() throws IOException {
    String text = lines(0, 60_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdCompressorOutputStream zst = new ZstdCompressorOutputStream(out)) {
      zst.write(text.getBytes(StandardCharsets.UTF_8));
    }
    byte[] cut = Arrays.copyOf(out.toByteArray(), out.size() / 2);
    Read read = readAll(new ZstdCompressorInputStream(new ByteArrayInputStream(cut)));
    assertThat(read.failure()).isNotNull();
    assertThat(text).startsWith(read.text());
    assertThat(read.text().length()).isGreaterThan(text.length() / 3);
  }
}
