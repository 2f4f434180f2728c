package io.tracelake.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private static List<String> lines(byte[] input, int maxLineBytes) throws IOException {
    LineReader reader = new LineReader(new ByteArrayInputStream(input), maxLineBytes);
    List<String> lines = new ArrayList<>();
    while (reader.next()) {
      lines.add(reader.lineNumber() + ":" + new String(reader.buffer(), 0, reader.length(), StandardCharsets.UTF_8)
          + (reader.truncated() ? "[" + reader.originalLength() + "]" : ""));
    }
    return lines;
  }

  private static List<String> lines(String input) throws IOException {
    return lines(input.getBytes(StandardCharsets.UTF_8), 1024);
  }

  @Test
  void findsTheFirstLineFeedAtEveryOffsetAmongBytesThatLookAlike() {
    // bytes one below and above LF, 0x80+LF, zeros and 0xFF around it: what a word-at-a-time search could confuse
    byte[] fillers = {0x09, 0x0B, (byte) 0x8A, 0x00, (byte) 0xFF, 0x01, 'a'};
    for (byte filler : fillers) {
      for (int length = 0; length <= 24; length++) {
        for (int from = 0; from <= Math.min(length, 9); from++) {
          for (int lf = -1; lf < length; lf++) {
            byte[] bytes = new byte[length];
            java.util.Arrays.fill(bytes, filler);
            if (lf >= 0) {
              bytes[lf] = '\n';
              if (lf + 1 < length) {
                bytes[lf + 1] = '\n'; // a second one right after: the first must win
              }
            }
            int expected = lf >= from ? lf : lf >= 0 && lf + 1 >= from && lf + 1 < length ? lf + 1 : -1;
            assertThat(LineReader.indexOfNewline(bytes, from, length))
                .as("filler %d, length %d, from %d, LF at %d", filler, length, from, lf).isEqualTo(expected);
          }
        }
      }
    }
    byte[] bytes = "abcdefgh\nijklmnop".getBytes(StandardCharsets.US_ASCII);
    assertThat(LineReader.indexOfNewline(bytes, 0, 8)).as("an LF past the end is not seen").isEqualTo(-1);
  }

  @Test
  void splitsOnLfAndCrLfAndKeepsEmptyLines() throws IOException {
    assertThat(lines("a\r\nb\n\nc")).containsExactly("1:a", "2:b", "3:", "4:c");
  }

  @Test
  void aFinalNewlineDoesNotMakeAnExtraLine() throws IOException {
    assertThat(lines("a\nb\n")).containsExactly("1:a", "2:b");
    assertThat(lines("")).isEmpty();
    assertThat(lines("\n")).containsExactly("1:");
  }

  @Test
  void dropsAByteOrderMarkOnlyAtTheStart() throws IOException {
    assertThat(lines("\uFEFFa\n\uFEFFb")).containsExactly("1:a", "2:\uFEFFb");
  }

  @Test
  void truncatesLongLinesAndGoesOn() throws IOException {
    String big = "x".repeat(5000);
    List<String> lines = lines((big + "\nshort\n").getBytes(StandardCharsets.UTF_8), 100);
    assertThat(lines).containsExactly("1:" + "x".repeat(100) + "[5000]", "2:short");
  }

  @Test
  void readsLinesThatSpanManyReads() throws IOException {
    // a stream that hands out one byte per read, as some decompressors do
    byte[] data = "first line\r\nsecond\n".getBytes(StandardCharsets.UTF_8);
    InputStream trickle = new InputStream() {
      int pos;

      @Override
      public int read() {
        return pos < data.length ? data[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= data.length) {
          return -1;
        }
        b[off] = data[pos++];
        return 1;
      }
    };
    LineReader reader = new LineReader(trickle, 1024);
    List<String> lines = new ArrayList<>();
    while (reader.next()) {
      lines.add(new String(reader.buffer(), 0, reader.length(), StandardCharsets.UTF_8));
    }
    assertThat(lines).containsExactly("first line", "second");
  }

  @Test
  void readsLinesLongerThanItsReadChunk() throws IOException {
    String line = "y".repeat(200_000);
    assertThat(lines((line + "\n" + line).getBytes(StandardCharsets.UTF_8), 1 << 20))
        .containsExactly("1:" + line, "2:" + line);
  }
}
