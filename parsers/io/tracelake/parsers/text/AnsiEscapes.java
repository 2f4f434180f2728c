package io.tracelake.parsers.text;

/**
 * Drops ANSI escape sequences (ESC [ ... letter), which coloured console layouts leave in files when
 * colour output is forced on.
 */
final class AnsiEscapes {
  private static final byte ESC = 0x1b;

  private AnsiEscapes() {}

  /**
   * Copies {@code line[from, to)} without its escape sequences into {@code scratch} (at least as long).
   *
   * @return the length copied, or -1 when the line has no escape and can be read as it is
   */
  static int strip(byte[] line, int from, int to, byte[] scratch) {
    int first = LineBytes.indexOf(line, from, to, ESC);
    if (first < 0) {
      return -1;
    }
    int length = first - from;
    System.arraycopy(line, from, scratch, 0, length);
    int i = first;
    while (i < to) {
      byte b = line[i];
      if (b == ESC && i + 1 < to && line[i + 1] == '[') {
        i += 2;
        while (i < to && !isFinal(line[i])) {
          i++;
        }
        i++; // the final letter
      } else {
        scratch[length++] = b;
        i++;
      }
    }
    return length;
  }

  private static boolean isFinal(byte b) {
    return b >= 0x40 && b <= 0x7e;
  }
}
