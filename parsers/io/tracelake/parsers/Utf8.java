package io.tracelake.parsers;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 checks and decoding for raw line bytes. */
public final class Utf8 {

  private Utf8() {}

  /** True when the bytes are well-formed UTF-8. */
  public static boolean isValid(byte[] bytes, int off, int len) {
    int i = off;
    int end = off + len;
    // ASCII runs are the common case: skip them before paying for a decoder
    while (i < end && bytes[i] >= 0) {
      i++;
    }
    if (i == end) {
      return true;
    }
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, i, end - i));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Decodes the bytes, replacing malformed sequences with U+FFFD. */
  public static String decodeLenient(byte[] bytes, int off, int len) {
    return new String(bytes, off, len, StandardCharsets.UTF_8);
  }

  /** True when every byte is an ASCII space, tab, CR or form feed. */
  public static boolean isBlank(byte[] bytes, int off, int len) {
    for (int i = off; i < off + len; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\f') {
        return false;
      }
    }
    return true;
  }
}
