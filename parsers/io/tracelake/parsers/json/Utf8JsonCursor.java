package io.tracelake.parsers.json;

import io.tracelake.parsers.ByteRanges;
import io.tracelake.parsers.RepeatedText;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over one line of JSON in UTF-8, for {@link JsonLineParser}'s fast path: it reads the tokens of strict
 * JSON (RFC 8259, as Jackson reads it with its default features) and says "not mine" for anything else: a byte
 * sequence that is not well-formed UTF-8 (RFC 3629), a raw control character in a string, an escape JSON does not
 * have, a number Jackson would not read as a long or a double, any syntax error. The caller then reads the whole
 * line with Jackson, so a line this cursor refuses gets exactly the event or the rejection it always got.
 *
 * <p>Why: most of a JSON day's lines are objects of strings and numbers, and on those Jackson decodes every value
 * through a char buffer into a String and builds a parser per line; here a value is one copy of its bytes. Text
 * beyond ASCII (a search for "チョコレート", a name with an accent) is common in real logs: such lines, left to
 * Jackson at a few in a thousand, cost as much as a tenth of all the others together.
 */
final class Utf8JsonCursor implements JsonLineParser.NumberToken {
  /** Longer names go to Jackson, which may enforce a limit of its own on them (50,000 since 2.16). */
  static final int MAX_NAME_BYTES = 50_000;
  /** Integers of more digits may not fit a long; Jackson decides what they are. */
  private static final int MAX_LONG_DIGITS = 18;
  /** Jackson refuses longer numbers (its default StreamReadConstraints). */
  private static final int MAX_NUMBER_CHARS = 1000;

  private byte[] bytes;
  private int end;
  /** Where the cursor stands. */
  int pos;
  /** Start and end (exclusive) of the last string or number read; for a string, its content between the quotes. */
  int tokenStart;
  int tokenEnd;
  /** Whether the last string read holds an escape, so that its text must be decoded. */
  private boolean escaped;
  /** Whether the last string read holds a byte above 0x7F (well-formed UTF-8), so that its text is decoded as such. */
  private boolean nonAscii;
  /** The last number: whether it is an integer, and its value when it is one. */
  boolean integral;
  private long integer;

  void reset(byte[] line, int off, int len) {
    this.bytes = line;
    this.pos = off;
    this.end = off + len;
  }

  /** Skips JSON's whitespace; returns the byte then under the cursor, or -1 at the end of the line. */
  int skipWhitespace() {
    while (pos < end) {
      byte b = bytes[pos];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b & 0xFF; // a byte above 0x7F must not read as the end
      }
      pos++;
    }
    return -1;
  }

  /**
   * Reads a string whose opening quote is under the cursor, leaving the cursor after its closing quote; false when
   * it holds a byte sequence that is not well-formed UTF-8 or a raw control character, or is not closed.
   */
  boolean string() {
    int i = pos + 1;
    boolean sawEscape = false;
    boolean sawNonAscii = false;
    while (true) {
      i = nextSpecial(i);
      if (i >= end) {
        return false;
      }
      byte b = bytes[i];
      if (b == '"') {
        tokenStart = pos + 1;
        tokenEnd = i;
        escaped = sawEscape;
        nonAscii = sawNonAscii;
        pos = i + 1;
        return true;
      }
      if (b < 0) { // a byte above 0x7F: the start of a sequence of two to four
        i = afterUtf8Sequence(i);
        if (i < 0) {
          return false;
        }
        sawNonAscii = true;
        continue;
      }
      if (b < 0x20) {
        return false;
      }
      // a backslash: the escaped character cannot close the string; it is checked when the text is decoded
      sawEscape = true;
      i += 2;
    }
  }

  /**
   * The index after the UTF-8 sequence that starts at {@code i} (a byte above 0x7F), or -1 unless it is well-formed
   * (RFC 3629: no overlong form, no surrogate, nothing past U+10FFFF) and ends within the line. On those Jackson and
   * Java's decoder agree; the others Jackson reads its own way (it decodes an overlong form, where Java's decoder
   * puts U+FFFD), so they go to Jackson as any line this cursor refuses.
   */
  private int afterUtf8Sequence(int i) {
    int first = bytes[i] & 0xFF;
    int length;
    if (first >= 0xC2 && first <= 0xDF) {
      length = 2;
    } else if (first >= 0xE0 && first <= 0xEF) {
      length = 3;
    } else if (first >= 0xF0 && first <= 0xF4) {
      length = 4;
    } else {
      return -1; // a continuation byte, an overlong two-byte form (C0, C1), or past U+10FFFF (F5..FF)
    }
    if (end - i < length) {
      return -1;
    }
    // the second byte's range is what excludes the overlong forms, the surrogates and what lies past U+10FFFF
    int second = bytes[i + 1] & 0xFF;
    int low = first == 0xE0 ? 0xA0 : first == 0xF0 ? 0x90 : 0x80;
    int high = first == 0xED ? 0x9F : first == 0xF4 ? 0x8F : 0xBF;
    if (second < low || second > high) {
      return -1;
    }
    for (int k = 2; k < length; k++) {
      if ((bytes[i + k] & 0xC0) != 0x80) {
        return -1;
      }
    }
    return i + length;
  }

  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long SPACES = ONES * 0x20;

  /**
   * The first index from {@code i} (or {@code end}, or past it) holding a byte a string's scan must look at: a
   * quote, a backslash, a control character or a byte above 0x7F. Eight bytes at a time, as a message is most of a
   * JSON line: in a word, {@code (v - ONES) & ~v & HIGH_BITS} sets the high bit of its lowest zero byte (bits above
   * it may be set by the borrow, never below), so the lowest bit of the OR over the four tests is the first such
   * byte (little-endian: the lowest byte comes first in the line).
   */
  private int nextSpecial(int i) {
    for (; i + 8 <= end; i += 8) {
      long v = (long) LONG.get(bytes, i);
      long quote = v ^ QUOTES;
      long backslash = v ^ BACKSLASHES;
      long found = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((v - SPACES) & ~v) | v;
      found &= HIGH_BITS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < end; i++) {
      byte b = bytes[i];
      if (b == '"' || b == '\\' || b < 0x20) {
        return i;
      }
    }
    return i;
  }

  /**
   * Reads a member's name and colon under the cursor when they are {@code token}'s bytes ({@code "name":}, the name
   * printable ASCII without a quote or a backslash, which {@link #string} would read as this same name), leaving the
   * cursor after the colon; false, the cursor unmoved, otherwise or when {@code token} is null.
   */
  boolean memberNamed(byte[] token) {
    if (token == null) {
      return false;
    }
    int n = token.length;
    if (end - pos < n || !ByteRanges.equal(bytes, pos, token, 0, n)) {
      return false;
    }
    tokenStart = pos + 1;
    tokenEnd = pos + n - 2;
    escaped = false;
    nonAscii = false;
    pos += n;
    return true;
  }

  /**
   * The text {@code values} remembers when the string whose opening quote is under the cursor is that text as it
   * stands, leaving the cursor after its closing quote; null, the cursor unmoved, otherwise. What a field remembers
   * is a string this cursor read without an escape ({@link #remember}): no quote, backslash or control character, its
   * UTF-8 checked. The same bytes followed by a quote are then the same string, which {@link #string} need not scan.
   */
  String repeatedString(RepeatedText values) {
    int from = pos + 1;
    int length = values.repeatedBefore(bytes, from, end, (byte) '"');
    if (length < 0) {
      return null;
    }
    tokenStart = from;
    tokenEnd = from + length;
    escaped = false;
    nonAscii = true; // not known here; decoding ASCII as UTF-8 gives the same text
    pos = tokenEnd + 1;
    return values.text();
  }

  /** Whether the last string's bytes, as they stand (no escape), equal {@code key}'s. */
  boolean stringEquals(byte[] key) {
    return !escaped && tokenEnd - tokenStart == key.length && ByteRanges.equal(bytes, tokenStart, key, 0, key.length);
  }

  /** Has {@code values} remember {@code text}, the last string's text, when it stands as it is (no escape). */
  void remember(RepeatedText values, String text) {
    if (!escaped) {
      values.remember(bytes, tokenStart, tokenEnd, text);
    }
  }

  /** The last string's text; null when it has an escape JSON does not have. */
  String text() {
    if (!escaped) {
      return new String(bytes, tokenStart, tokenEnd - tokenStart,
          nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }
    StringBuilder text = new StringBuilder(tokenEnd - tokenStart);
    int run = tokenStart; // the bytes since the last escape, decoded together (no escape splits a UTF-8 sequence)
    for (int i = tokenStart; i < tokenEnd; i++) {
      if (bytes[i] != '\\') {
        continue;
      }
      appendRun(text, run, i);
      char e = (char) bytes[++i];
      switch (e) {
        case '"', '\\', '/' -> text.append(e);
        case 'b' -> text.append('\b');
        case 'f' -> text.append('\f');
        case 'n' -> text.append('\n');
        case 'r' -> text.append('\r');
        case 't' -> text.append('\t');
        case 'u' -> {
          if (i + 4 >= tokenEnd) {
            return null;
          }
          int unit = 0;
          for (int k = 1; k <= 4; k++) {
            int digit = Character.digit(bytes[i + k], 16);
            if (digit < 0) {
              return null;
            }
            unit = unit << 4 | digit;
          }
          text.append((char) unit); // a lone surrogate stays one, as Jackson leaves it
          i += 4;
        }
        default -> {
          return null;
        }
      }
      run = i + 1;
    }
    appendRun(text, run, tokenEnd);
    return text.toString();
  }

  private void appendRun(StringBuilder text, int from, int to) {
    text.append(new String(bytes, from, to - from, nonAscii ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
  }

  /** Whether the last string's escapes are all JSON's (true for a string without any). */
  boolean escapesValid() {
    return !escaped || text() != null;
  }

  /** Whether the last string is short enough to be a name this cursor reads; longer ones go to Jackson. */
  boolean nameFits() {
    return tokenEnd - tokenStart <= MAX_NAME_BYTES;
  }

  /**
   * Reads a number under the cursor (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), leaving the cursor after it;
   * false when it is not one, or is an integer of more than 18 digits.
   */
  boolean number() {
    int i = pos;
    if (i < end && bytes[i] == '-') {
      i++;
    }
    int digitsStart = i;
    long value = 0;
    while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
      value = value * 10 + (bytes[i] - '0');
      i++;
    }
    int digits = i - digitsStart;
    if (digits == 0 || (digits > 1 && bytes[digitsStart] == '0')) {
      return false;
    }
    boolean fraction = false;
    if (i < end && bytes[i] == '.') {
      int start = ++i;
      while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
        i++;
      }
      if (i == start) {
        return false;
      }
      fraction = true;
    }
    if (i < end && (bytes[i] == 'e' || bytes[i] == 'E')) {
      i++;
      if (i < end && (bytes[i] == '+' || bytes[i] == '-')) {
        i++;
      }
      int start = i;
      while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
        i++;
      }
      if (i == start) {
        return false;
      }
      fraction = true;
    }
    integral = !fraction;
    if ((integral && digits > MAX_LONG_DIGITS) || i - pos > MAX_NUMBER_CHARS) {
      return false;
    }
    integer = bytes[pos] == '-' ? -value : value;
    tokenStart = pos;
    tokenEnd = i;
    pos = i;
    return true;
  }

  /** The last number as logged. */
  @Override
  public String numberText() {
    return new String(bytes, tokenStart, tokenEnd - tokenStart, StandardCharsets.ISO_8859_1);
  }

  /** The last number, an integer. */
  @Override
  public long longValue() {
    return integer;
  }

  /** The last number, as Jackson reads a number's text into a double. */
  @Override
  public double doubleValue() {
    return Double.parseDouble(numberText());
  }

  /** Reads {@code literal} (true, false, null) under the cursor; false when something else stands there. */
  boolean literal(String literal) {
    int n = literal.length();
    if (end - pos < n) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      if (bytes[pos + k] != literal.charAt(k)) {
        return false;
      }
    }
    pos += n;
    return true;
  }
}
