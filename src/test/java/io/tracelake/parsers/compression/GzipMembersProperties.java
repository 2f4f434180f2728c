package io.tracelake.parsers.compression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Any concatenation of gzip members reads back whole; any damage (a cut, a flipped byte) gives a prefix of the
 * text (a cut) or an error (a changed byte: a member's damage shows at its CRC check), never a clean end with data
 * missing or changed.
 */
class GzipMembersProperties {

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private record Read(byte[] bytes, IOException failure) {}

  private static Read read(byte[] file, int readSize) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[readSize];
    try (InputStream in = new GzipMembersInputStream(new ByteArrayInputStream(file))) {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        out.write(chunk, 0, n);
      }
      return new Read(out.toByteArray(), null);
    } catch (IOException e) {
      return new Read(out.toByteArray(), e);
    }
  }

  @Property(tries = 300)
  void membersReadBackWholeAndDamageNeverEndsCleanlyShort(@ForAll @Size(min = 1, max = 5) List<@Size(max = 3000) String> members,
      @ForAll @IntRange(min = 1, max = 70_000) int readSize, @ForAll @IntRange(min = 0, max = 2) int damage,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where) throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    StringBuilder text = new StringBuilder();
    java.util.Map<Integer, Integer> textAtBoundary = new java.util.HashMap<>(); // compressed offset -> text bytes
    for (String member : members) {
      file.writeBytes(gzip(member));
      text.append(member);
      textAtBoundary.put(file.size(), text.toString().getBytes(StandardCharsets.UTF_8).length);
    }
    byte[] whole = text.toString().getBytes(StandardCharsets.UTF_8);
    byte[] bytes = file.toByteArray();
    if (damage == 0) {
      Read read = read(bytes, readSize);
      assertThat(read.failure()).isNull();
      assertThat(read.bytes()).isEqualTo(whole);
      return;
    }
    if (damage == 1) {
      int cut = where % bytes.length;
      bytes = java.util.Arrays.copyOf(bytes, cut); // cut short
      textAtBoundary.put(0, 0);
      if (textAtBoundary.containsKey(cut)) {
        // a cut between members leaves a valid gzip file: it reads cleanly, to the members before the cut
        Read read = read(bytes, readSize);
        assertThat(read.failure()).isNull();
        assertThat(read.bytes()).isEqualTo(java.util.Arrays.copyOf(whole, textAtBoundary.get(cut)));
        return;
      }
    } else {
      bytes[where % bytes.length] ^= (byte) (1 + where % 255); // one byte changed
    }
    Read read = read(bytes, readSize);
    byte[] got = read.bytes();
    if (damage == 1) {
      // cut short: what came out is the start of the text, and the cut is an error unless nothing was lost
      assertThat(java.util.Arrays.copyOf(whole, Math.min(got.length, whole.length))).isEqualTo(got);
      assertThat(read.failure()).isNotNull();
    } else if (read.failure() == null) {
      // a changed byte in a header field nobody checks (time, OS) leaves the data whole; any other is an error
      // (inside a member's data it shows at the member's CRC check, after the bytes inflated from it)
      assertThat(got).isEqualTo(whole);
    }
  }
}
