package io.tracelake.parsers.text;

import io.tracelake.parsers.RepeatedText;
import java.nio.charset.StandardCharsets;

/**
 * Searching and decoding inside the raw UTF-8 bytes of a line, shared by the text parsers. Decoding
 * is lenient (a malformed sequence becomes U+FFFD): a text line is kept even when a byte is wrong.
 */
final class LineBytes {

  private LineBytes() {}

  /** Index of the first occurrence of {@code needle} in {@code line[from, to)}, or -1. */
  static int indexOf(byte[] line, int from, int to, byte[] needle) {
    int n = needle.length;
    if (n == 0) {
      return from;
    }
    byte first = needle[0];
    int last = to - n;
    outer:
    for (int i = from; i <= last; i++) {
      if (line[i] != first) {
        continue;
      }
      for (int k = 1; k < n; k++) {
        if (line[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Index of the last occurrence of {@code needle} in {@code line[from, to)}, or -1. */
  static int lastIndexOf(byte[] line, int from, int to, byte[] needle) {
    int n = needle.length;
    outer:
    for (int i = to - n; i >= from; i--) {
      for (int k = 0; k < n; k++) {
        if (line[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Index of the first {@code b} in {@code line[from, to)}, or -1. */
  static int indexOf(byte[] line, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (line[i] == b) {
        return i;
      }
    }
    return -1;
  }

  static boolean startsWith(byte[] line, int from, int to, byte[] prefix) {
    if (to - from < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (line[from + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  static boolean isSpace(byte b) {
    return b == ' ' || b == '\t';
  }

  static int skipSpaces(byte[] line, int from, int to) {
    while (from < to && isSpace(line[from])) {
      from++;
    }
    return from;
  }

  /** The end of a line without the '\r' (or '\n') a CRLF file leaves behind. */
  static int withoutLineBreak(byte[] line, int from, int to) {
    while (to > from && (line[to - 1] == '\r' || line[to - 1] == '\n')) {
      to--;
    }
    return to;
  }

  static String decode(byte[] line, int from, int to) {
    return new String(line, from, to - from, StandardCharsets.UTF_8);
  }

  /** The text without surrounding spaces and tabs, or null when nothing is left. */
  static String trimmedOrNull(byte[] line, int from, int to) {
    return trimmedOrNull(line, from, to, null);
  }

  /** As {@link #trimmedOrNull(byte[], int, int)}, the same String as the line before for the same text. */
  static String trimmedOrNull(byte[] line, int from, int to, RepeatedText repeated) {
    while (from < to && isSpace(line[from])) {
      from++;
    }
    while (to > from && isSpace(line[to - 1])) {
      to--;
    }
    return from == to ? null : repeated == null ? decode(line, from, to) : repeated.decode(line, from, to);
  }

  /** The 1-based column of a byte index, counting characters rather than bytes. */
  static int column(byte[] line, int lineStart, int index) {
    int column = 1;
    for (int i = lineStart; i < index && i < line.length; i++) {
      if ((line[i] & 0xC0) != 0x80) {
        column++;
      }
    }
    return column;
  }

  /** A short, printable excerpt of the line from an index, for rejection details. */
  static String excerpt(byte[] line, int from, int to) {
    int end = Math.min(to, from + 40);
    StringBuilder text = new StringBuilder(decode(line, from, end));
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        text.setCharAt(i, '?');
      }
    }
    return end < to ? text + "…" : text.toString();
  }
}
