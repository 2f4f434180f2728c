package io.tracelake.parsers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Equality of two ranges of bytes, for the hot paths that compare a few bytes of a line or a record with a value
 * they know (a JSON member's name, a repeated value, a dictionary entry). {@link java.util.Arrays#equals(byte[], int,
 * int, byte[], int, int)} checks both ranges, then calls a vectorised stub and finishes in a byte loop: on the names
 * and values of 8 to 40 bytes met several times a line, that call costs more than the comparison. Here 8 bytes at a
 * time, the last 8 overlapping the ones before, inlined where it is called.
 */
public final class ByteRanges {
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ByteRanges() {}

  /**
   * Whether {@code a[aFrom, aFrom + length)} and {@code b[bFrom, bFrom + length)} hold the same bytes; both ranges
   * must lie within their arrays.
   */
  public static boolean equal(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
    if (length >= 8) {
      int last = length - 8;
      for (int i = 0; i < last; i += 8) {
        if ((long) LONG.get(a, aFrom + i) != (long) LONG.get(b, bFrom + i)) {
          return false;
        }
      }
      return (long) LONG.get(a, aFrom + last) == (long) LONG.get(b, bFrom + last);
    }
    for (int i = 0; i < length; i++) {
      if (a[aFrom + i] != b[bFrom + i]) {
        return false;
      }
    }
    return true;
  }
}
