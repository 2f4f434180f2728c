package io.tracelake.jobs.warehouse;

/**
 * Parquet's RLE / bit-packing hybrid encoding of small unsigned ints (definition and repetition levels,
 * dictionary ids), written from an array in one pass: a value repeated 8 times or more becomes a run, the rest
 * bit-packed groups of 8. parquet-java's encoder takes one value per call and checks for runs as it goes; the
 * page encoder has a page's values in an array already.
 */
final class HybridEncoding {

  private HybridEncoding() {}

  /** Bits needed for values up to {@code max} (0 for 0), as Parquet sizes levels and dictionary ids. */
  static int bitWidth(int max) {
    return 32 - Integer.numberOfLeadingZeros(max);
  }

  /** Appends the encoding of {@code values[0..count)} at {@code bitWidth} bits each to {@code out}. */
  static void encode(int[] values, int count, int bitWidth, GrowingBytes out) {
    int i = 0;
    while (i < count) {
      int run = runLength(values, i, count);
      if (run >= 8) {
        writeRun(values[i], run, bitWidth, out);
        i += run;
        continue;
      }
      // a bit-packed stretch ends where a run of 8 or more starts on a group boundary (a run that starts
      // inside a group fills the group first)
      int start = i;
      int end = i;
      while (end < count) {
        int r = runLength(values, end, count);
        if (r >= 8) {
          int intoGroup = (end - start) & 7;
          if (intoGroup == 0) {
            break;
          }
          end += 8 - intoGroup;
        } else {
          end += r;
        }
      }
      end = Math.min(end, count);
      writePacked(values, start, end, bitWidth, out);
      i = end;
    }
  }

  private static int runLength(int[] values, int from, int count) {
    int value = values[from];
    int to = from + 1;
    while (to < count && values[to] == value) {
      to++;
    }
    return to - from;
  }

  private static void writeRun(int value, int length, int bitWidth, GrowingBytes out) {
    out.varint(length << 1);
    for (int b = 0; b < (bitWidth + 7) >>> 3; b++) {
      out.put((byte) (value >>> (8 * b)));
    }
  }

  /** Values {@code [from, to)} in groups of 8, the last group padded with zeros (readers stop at the value count). */
  private static void writePacked(int[] values, int from, int to, int bitWidth, GrowingBytes out) {
    int groups = (to - from + 7) >>> 3;
    out.varint((groups << 1) | 1);
    long bits = 0;
    int held = 0;
    for (int i = from; i < from + groups * 8; i++) {
      long value = i < to ? values[i] & 0xffffffffL : 0;
      bits |= value << held;
      held += bitWidth;
      while (held >= 8) {
        out.put((byte) bits);
        bits >>>= 8;
        held -= 8;
      }
    }
  }
}
