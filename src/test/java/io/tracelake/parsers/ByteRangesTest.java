package io.tracelake.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Equality of byte ranges: the same answer as Arrays.equals for every length, offset and place of a difference. */
class ByteRangesTest {

  @Test
  void agreesWithArraysEqualsForEveryLengthOffsetAndDifferingByte() {
    Random random = new Random(17);
    for (int length = 0; length <= 40; length++) {
      for (int aFrom = 0; aFrom < 9; aFrom++) {
        int bFrom = (aFrom * 5 + length) % 11;
        byte[] a = new byte[aFrom + length + random.nextInt(3)];
        byte[] b = new byte[bFrom + length + random.nextInt(3)];
        random.nextBytes(a);
        random.nextBytes(b);
        System.arraycopy(a, aFrom, b, bFrom, length);
        assertThat(ByteRanges.equal(a, aFrom, b, bFrom, length)).as("length %d, equal", length).isTrue();
        for (int at = 0; at < length; at++) {
          byte kept = b[bFrom + at];
          b[bFrom + at] = (byte) (kept ^ (1 << random.nextInt(8)));
          assertThat(ByteRanges.equal(a, aFrom, b, bFrom, length))
              .as("length %d, byte %d differs", length, at)
              .isEqualTo(Arrays.equals(a, aFrom, aFrom + length, b, bFrom, bFrom + length))
              .isFalse();
          b[bFrom + at] = kept;
        }
      }
    }
  }

  @Test
  void bytesOutsideTheRangesAreNotCompared() {
    byte[] a = "xxHTTP/1.1 200 OKyy".getBytes();
    byte[] b = "HTTP/1.1 200 OKzzzz".getBytes();
    assertThat(ByteRanges.equal(a, 2, b, 0, 15)).isTrue();
    assertThat(ByteRanges.equal(a, 2, b, 0, 16)).isFalse();
  }

  @Test
  void aRangeBeyondItsArrayFailsInsteadOfReadingPastIt() {
    byte[] a = new byte[12];
    assertThatThrownBy(() -> ByteRanges.equal(a, 6, new byte[12], 0, 8))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
