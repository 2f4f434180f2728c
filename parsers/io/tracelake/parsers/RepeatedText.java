package io.tracelake.parsers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One field's text from line to line of a file: a value equal, byte for byte, to the one remembered is the same
 * String. Lines repeat most of their values (a logger, a thread, a host, a level, a span's kind); one String per
 * repeated value spares the copy of its text, and lets what reads the events later and remembers the last String it
 * saw at a place (the redactor, the shuffle record's encoder) skip its work on it. A field whose values rarely
 * repeat (a message, an id, a time) stops remembering, as the copy would cost more than it spares.
 *
 * <p>Not thread-safe: one per field of one parser.
 */
public final class RepeatedText {
  /** Longer values are not remembered: few long values repeat. */
  static final int MAX_BYTES = 128;
  /** Remembering stops once this many lines changed the value and under a fifth of the lines repeated it. */
  static final int MIN_CHANGES_BEFORE_STOPPING = 64;

  private byte[] bytes;
  private String text;
  /** Lines whose value was the one remembered, and lines whose value was another; -1 once remembering stopped. */
  private int repeats;
  private int changes;

  /** The remembered String when {@code line[from, to)} is its UTF-8 text, else null. */
  private String repeated(byte[] line, int from, int to) {
    byte[] known = bytes;
    if (known != null && known.length == to - from && ByteRanges.equal(known, 0, line, from, to - from)) {
      repeats++;
      return text;
    }
    return null;
  }

  /**
   * The length in bytes of the remembered text when {@code line} holds its UTF-8 bytes from {@code from} on,
   * followed by {@code terminator} before {@code end}; else -1. For a reader that knows the remembered bytes cannot
   * hold the terminator: it then takes the value without finding its end first.
   */
  public int repeatedBefore(byte[] line, int from, int end, byte terminator) {
    byte[] known = bytes;
    if (known == null) {
      return -1;
    }
    int to = from + known.length;
    if (to >= end || line[to] != terminator || !ByteRanges.equal(known, 0, line, from, known.length)) {
      return -1;
    }
    repeats++;
    return known.length;
  }

  /** The text remembered; null while none is. */
  public String text() {
    return text;
  }

  /** Remembers {@code text}, whose UTF-8 bytes are {@code line[from, to)}, for the lines to come. */
  public void remember(byte[] line, int from, int to, String text) {
    if (changes < 0 || to - from > MAX_BYTES) {
      return;
    }
    if (++changes >= MIN_CHANGES_BEFORE_STOPPING && repeats * 4 < changes) {
      changes = -1;
      this.bytes = null;
      this.text = null;
      return;
    }
    this.bytes = Arrays.copyOfRange(line, from, to);
    this.text = text;
  }

  /** {@code line[from, to)} decoded as UTF-8: the remembered String when it is the same text. */
  public String decode(byte[] line, int from, int to) {
    String known = repeated(line, from, to);
    if (known != null) {
      return known;
    }
    String decoded = new String(line, from, to - from, StandardCharsets.UTF_8);
    remember(line, from, to, decoded);
    return decoded;
  }
}
