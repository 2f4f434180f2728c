package io.tracelake.parsers.envelope;

/**
 * A reusable view of a byte range as characters, one per byte: lets the time of every envelope be
 * read by {@code Timestamps} without decoding a String for it. Bytes above ASCII become chars that no
 * time pattern accepts.
 */
final class AsciiView implements CharSequence {
  private byte[] bytes;
  private int offset;
  private int length;

  AsciiView of(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.offset = start;
    this.length = end - start;
    return this;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    return (char) (bytes[offset + index] & 0xff);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return toString().substring(start, end);
  }

  @Override
  public String toString() {
    return new String(bytes, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
