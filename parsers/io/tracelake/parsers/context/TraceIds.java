package io.tracelake.parsers.context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Normalises trace and span ids to the form the tables store: 32 and 16 lowercase hex digits.
 *
 * <p>Hex ids are lower-cased, with an optional {@code 0x} prefix dropped (OpenTelemetry Python writes
 * one); a 16-digit trace id (B3, Jaeger 64-bit) is left-padded with zeros to 32; a UUID becomes its 32
 * digits; an id of all zeros is absent (null), and so are the placeholders loggers write for a missing
 * id ({@code -}, {@code 0}, {@code null}, {@code undefined}, {@code none}, {@code n/a}, …), which would
 * otherwise merge every request without an id into one trace. Anything else (a request id such as {@code req-abc}, a
 * base64 string, a span id of another length) is hashed: the trace id is the first 16 bytes, the span
 * id the first 8 bytes, of the SHA-256 of the id's UTF-8 bytes after trimming, in lowercase hex. That
 * hash is part of the stored data's contract and must never change: the same request id logged by two
 * services, or on two days, has to land on the same trace id.
 */
public final class TraceIds {

  static final int TRACE_ID_HEX = 32;
  static final int SPAN_ID_HEX = 16;
  private static final String SIXTEEN_ZEROS = "0000000000000000";
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final String[] PLACEHOLDERS = {"null", "nil", "none", "undefined", "n/a", "na", "nan", "unknown", "empty"};
  // MessageDigest is not thread-safe and costly to look up; one per thread, created on first hash
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(TraceIds::newSha256);

  private TraceIds() {}

  /** The trace id as 32 lowercase hex digits (hashed when it is no hex or UUID id), or null when absent or zero. */
  public static String normalizeTraceId(String raw) {
    if (raw == null) {
      return null;
    }
    if (isNormalTraceId(raw)) {
      return raw;
    }
    int start = trimStart(raw);
    int end = trimEnd(raw, start);
    if (start == end) {
      return null;
    }
    String hex = hexTraceIdOrNull(raw, start, end);
    if (hex != null) {
      return isZero(hex) ? null : hex;
    }
    return isPlaceholder(raw, start, end) ? null : hashToTraceId(raw.substring(start, end));
  }

  /**
   * A Datadog id as its tracers log it, an unsigned decimal 64-bit number, as 16 lowercase hex digits
   * (which {@link #normalizeTraceId} pads to 32); text that is no such number is returned as it is.
   */
  public static String decimalAsHex(String decimal) {
    String trimmed = decimal.trim();
    if (trimmed.isEmpty() || trimmed.length() > 20) {
      return decimal;
    }
    for (int i = 0; i < trimmed.length(); i++) {
      if (trimmed.charAt(i) < '0' || trimmed.charAt(i) > '9') {
        return decimal;
      }
    }
    try {
      String hex = Long.toHexString(Long.parseUnsignedLong(trimmed));
      return SIXTEEN_ZEROS.substring(hex.length()) + hex;
    } catch (NumberFormatException e) {
      return decimal; // above 2^64
    }
  }

  /** The span id as 16 lowercase hex digits (hashed when it is not 16 hex digits), or null when absent or zero. */
  public static String normalizeSpanId(String raw) {
    if (raw == null) {
      return null;
    }
    if (isNormalSpanId(raw)) {
      return raw;
    }
    int start = trimStart(raw);
    int end = trimEnd(raw, start);
    if (start == end) {
      return null;
    }
    int digits = skipHexPrefix(raw, start, end);
    if (end - digits == SPAN_ID_HEX && isHex(raw, digits, end)) {
      String hex = lowerHex(raw, digits, end);
      return isZero(hex) ? null : hex;
    }
    return isPlaceholder(raw, start, end) ? null : hashToSpanId(raw.substring(start, end));
  }

  /** True for 32 lowercase hex digits, not all zero: a trace id already in stored form. */
  public static boolean isNormalTraceId(String id) {
    return id != null && id.length() == TRACE_ID_HEX && isLowerHexNotZero(id);
  }

  /** True for 16 lowercase hex digits, not all zero: a span id already in stored form. */
  public static boolean isNormalSpanId(String id) {
    return id != null && id.length() == SPAN_ID_HEX && isLowerHexNotZero(id);
  }

  /**
   * True when the id, trimmed, is 16 or 32 hex digits (any case, optional {@code 0x}): a trace id as
   * tracers write it, as opposed to a request id from which a trace id is derived.
   */
  public static boolean isHexTraceId(String raw) {
    if (raw == null) {
      return false;
    }
    int start = trimStart(raw);
    int end = trimEnd(raw, start);
    int digits = skipHexPrefix(raw, start, end);
    int length = end - digits;
    return (length == TRACE_ID_HEX || length == SPAN_ID_HEX) && isHex(raw, digits, end);
  }

  /** The first 16 bytes of SHA-256 of the text's UTF-8 bytes, as 32 lowercase hex digits. */
  public static String hashToTraceId(String original) {
    return toHex(sha256(original), 16);
  }

  /** The first 8 bytes of SHA-256 of the text's UTF-8 bytes, as 16 lowercase hex digits. */
  public static String hashToSpanId(String original) {
    return toHex(sha256(original), 8);
  }

  /** A 32-digit trace id from a hex, 0x-hex or UUID text in {@code [start, end)}, or null (zero ids included). */
  static String hexTraceIdOrNull(CharSequence text, int start, int end) {
    int digits = skipHexPrefix(text, start, end);
    int length = end - digits;
    if (length == TRACE_ID_HEX && isHex(text, digits, end)) {
      return lowerHex(text, digits, end);
    }
    if (length == SPAN_ID_HEX && isHex(text, digits, end)) {
      return SIXTEEN_ZEROS + lowerHex(text, digits, end);
    }
    if (end - start == 36 && isUuid(text, start)) {
      StringBuilder hex = new StringBuilder(TRACE_ID_HEX);
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        if (c != '-') {
          hex.append(toLowerHexDigit(c));
        }
      }
      return hex.toString();
    }
    return null;
  }

  /**
   * Hex digits in {@code [start, end)} left-padded with zeros to {@code width} (Jaeger omits leading
   * zeros), lower-cased; null when empty, too long or not hex.
   */
  static String paddedHexOrNull(CharSequence text, int start, int end, int width) {
    int length = end - start;
    if (length < 1 || length > width || !isHex(text, start, end)) {
      return null;
    }
    StringBuilder hex = new StringBuilder(width);
    for (int i = length; i < width; i++) {
      hex.append('0');
    }
    for (int i = start; i < end; i++) {
      hex.append(toLowerHexDigit(text.charAt(i)));
    }
    return hex.toString();
  }

  /** Zeros and dashes only ({@code 0}, {@code -}, a nil UUID), or a word loggers write for "no id". */
  private static boolean isPlaceholder(String text, int start, int end) {
    boolean zerosAndDashes = true;
    for (int i = start; i < end && zerosAndDashes; i++) {
      char c = text.charAt(i);
      zerosAndDashes = c == '0' || c == '-';
    }
    if (zerosAndDashes) {
      return true;
    }
    int length = end - start;
    if (length > 9) {
      return false;
    }
    for (String word : PLACEHOLDERS) {
      if (word.length() == length && text.regionMatches(true, start, word, 0, length)) {
        return true;
      }
    }
    return false;
  }

  static boolean isZero(CharSequence hex) {
    for (int i = 0; i < hex.length(); i++) {
      if (hex.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static boolean isHex(CharSequence text, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!isHexDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerHexNotZero(String id) {
    // without a branch per character: an id's digits and letters come at random, so a test that branches on
    // "digit or letter" is mispredicted about every third character, on every id of every line
    int outside = 0; // negative once a character is neither 0-9 nor a-f
    int nonZero = 0;
    for (int i = 0; i < id.length(); i++) {
      int c = id.charAt(i);
      // (c - lo) | (hi - c) is negative exactly when c is outside [lo, hi]
      outside |= ((c - '0') | ('9' - c)) & ((c - 'a') | ('f' - c));
      nonZero |= c ^ '0';
    }
    return outside >= 0 && nonZero != 0;
  }

  private static boolean isUuid(CharSequence text, int start) {
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(start + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !isHexDigit(c)) {
        return false;
      }
    }
    return true;
  }

  private static int skipHexPrefix(CharSequence text, int start, int end) {
    if (end - start > 2 && text.charAt(start) == '0' && (text.charAt(start + 1) == 'x' || text.charAt(start + 1) == 'X')) {
      return start + 2;
    }
    return start;
  }

  private static String lowerHex(CharSequence text, int start, int end) {
    char[] chars = new char[end - start];
    for (int i = start; i < end; i++) {
      chars[i - start] = toLowerHexDigit(text.charAt(i));
    }
    return new String(chars);
  }

  private static char toLowerHexDigit(char c) {
    return c >= 'A' && c <= 'F' ? (char) (c + ('a' - 'A')) : c;
  }

  private static int trimStart(String text) {
    int i = 0;
    while (i < text.length() && text.charAt(i) <= ' ') {
      i++;
    }
    return i;
  }

  private static int trimEnd(String text, int start) {
    int i = text.length();
    while (i > start && text.charAt(i - 1) <= ' ') {
      i--;
    }
    return i;
  }

  private static byte[] sha256(String text) {
    MessageDigest digest = SHA_256.get();
    digest.reset();
    return digest.digest(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String toHex(byte[] bytes, int count) {
    char[] chars = new char[count * 2];
    for (int i = 0; i < count; i++) {
      chars[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      chars[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(chars);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
