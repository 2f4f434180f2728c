package io.tracelake.simulator;

import java.util.SplittableRandom;

/** W3C trace context ids drawn from a seeded generator: 32 and 16 lowercase hex digits, never all zero. */
final class HexIds {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private HexIds() {}

  static String traceId(SplittableRandom random) {
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    char[] chars = new char[32];
    writeHex(high, chars, 0);
    writeHex(low, chars, 16);
    return new String(chars);
  }

  static String spanId(SplittableRandom random) {
    long value;
    do {
      value = random.nextLong();
    } while (value == 0);
    char[] chars = new char[16];
    writeHex(value, chars, 0);
    return new String(chars);
  }

  private static void writeHex(long value, char[] chars, int offset) {
    for (int i = 15; i >= 0; i--) {
      chars[offset + i] = DIGITS[(int) (value & 0xf)];
      value >>>= 4;
    }
  }
}
