package io.tracelake.parsers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A hash of a range of bytes, for the tables and caches keyed by raw bytes (a dictionary of values, Strings already
 * decoded). It reads 8 bytes at a time: the per-byte {@code 31 * h + b} of String.hashCode waits on one multiply per
 * byte, which on values of tens of bytes met once per line was a measurable share of the run.
 */
public final class ByteHash {
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ByteHash() {}

  /** The hash of {@code bytes[offset, offset + length)}; its low bits are as well spread as its high ones. */
  public static int of(byte[] bytes, int offset, int length) {
    long h = 0x9E3779B97F4A7C15L ^ length;
    int i = offset;
    int end = offset + length;
    for (; i + 8 <= end; i += 8) {
      h = Long.rotateLeft(h ^ (long) LONG.get(bytes, i) * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
    }
    for (; i < end; i++) {
      h = (h ^ bytes[i]) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return (int) h;
  }
}
