package io.tracelake.parsers.text;

import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.text.time.DateReader;

/**
 * Reads the fields nginx's and Apache's combined formats share:
 * {@code client - user [time] "request" status bytes "referer" "user agent"} (the last two may be
 * missing, as in the common log format). Returns the time the line's bracket holds.
 */
final class CombinedLogFields {

  private CombinedLogFields() {}

  static long read(AccessLogCursor cursor, AccessLogRecord record, DateReader date, String datePattern)
      throws LineRejectedException {
    cursor.token("the client address");
    record.attribute("client_ip", cursor.value());
    cursor.token("the identity ('-')");
    record.attribute("ident", cursor.value());
    cursor.token("the user");
    record.attribute("remote_user", cursor.value());
    cursor.bracketed("the time");
    if (date.read(cursor.line, cursor.start, cursor.stop) != cursor.stop) {
      throw cursor.badTime("expected " + date.expected() + " of the time (" + datePattern + ")",
          Math.max(cursor.start, date.failedAt()));
    }
    long time = date.micros();
    cursor.quoted("the request line");
    record.requestLine = cursor.value();
    cursor.token("the status");
    long status = cursor.number();
    if (status < 0 || status > 999) {
      throw cursor.rejected("expected the status (a number)", cursor.start);
    }
    record.status = (int) status;
    cursor.token("the bytes sent");
    record.attribute("bytes_sent", cursor.value());
    if (!cursor.atEnd() && cursor.at((byte) '"')) {
      cursor.quoted("the referer");
      record.attribute("referer", cursor.value());
      if (!cursor.atEnd() && cursor.at((byte) '"')) {
        cursor.quoted("the user agent");
        record.attribute("user_agent", cursor.value());
      }
    }
    return time;
  }

  /** A request id as proxies write them: 16+ characters of hex, letters, digits, '-' (UUIDs) or base64. */
  static boolean looksLikeId(byte[] line, int from, int to) {
    if (to - from < 16) {
      return false;
    }
    boolean letter = false;
    for (int i = from; i < to; i++) {
      byte b = line[i];
      boolean alpha = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
      letter |= alpha;
      if (!alpha && !(b >= '0' && b <= '9') && b != '-' && b != '_' && b != '@' && b != '+' && b != '/' && b != '=') {
        return false;
      }
    }
    return letter || to - from >= 24;
  }

  /** digits.digits: a time in seconds as nginx writes it. */
  static boolean isDecimal(byte[] line, int from, int to) {
    int dot = LineBytes.indexOf(line, from, to, (byte) '.');
    if (dot <= from || dot == to - 1) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (i != dot && (line[i] < '0' || line[i] > '9')) {
        return false;
      }
    }
    return true;
  }
}
