package io.tracelake.parsers.text;

/** Byte strings the scanners look for. */
final class ByteArrays {
  static final byte[] CLOSING_BRACKET = {']'};
  static final byte[] CLOSING_BRACKET_SPACE = {']', ' '};

  private ByteArrays() {}
}
