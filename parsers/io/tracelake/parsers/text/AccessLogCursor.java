package io.tracelake.parsers.text;

import io.tracelake.model.RejectReason;
import io.tracelake.parsers.LineRejectedException;

/**
 * Walks an access-log line token by token: bare tokens end at a space, {@code [bracketed]} and
 * {@code "quoted"} ones at their closing character (a quote escaped as {@code \"} does not close).
 * The bounds of the last token read are in {@link #start} and {@link #stop}.
 */
final class AccessLogCursor {
  byte[] line;
  int lineStart;
  int pos;
  int end;
  int start;
  int stop;

  void reset(byte[] line, int off, int end) {
    this.line = line;
    this.lineStart = off;
    this.pos = off;
    this.end = end;
  }

  boolean atEnd() {
    pos = LineBytes.skipSpaces(line, pos, end);
    return pos >= end;
  }

  boolean at(byte b) {
    return pos < end && line[pos] == b;
  }

  /** Reads a bare token; {@code what} names it in the rejection when there is none. */
  void token(String what) throws LineRejectedException {
    pos = LineBytes.skipSpaces(line, pos, end);
    start = pos;
    while (pos < end && line[pos] != ' ' && line[pos] != '\t') {
      pos++;
    }
    stop = pos;
    if (start == stop) {
      throw rejected("expected " + what, start);
    }
  }

  void bracketed(String what) throws LineRejectedException {
    pos = LineBytes.skipSpaces(line, pos, end);
    if (!at((byte) '[')) {
      throw rejected("expected '[' and " + what, pos);
    }
    int close = LineBytes.indexOf(line, pos + 1, end, (byte) ']');
    if (close < 0) {
      throw rejected("expected ']' to close " + what, pos);
    }
    start = pos + 1;
    stop = close;
    pos = close + 1;
  }

  void quoted(String what) throws LineRejectedException {
    pos = LineBytes.skipSpaces(line, pos, end);
    if (!at((byte) '"')) {
      throw rejected("expected '\"' and " + what, pos);
    }
    int i = pos + 1;
    while (i < end && line[i] != '"') {
      if (line[i] == '\\') {
        i++;
      }
      i++;
    }
    if (i >= end) {
      throw rejected("expected '\"' to close " + what, pos);
    }
    start = pos + 1;
    stop = i;
    pos = i + 1;
  }

  /** The token read, or null when it is empty or "-". */
  String value() {
    if (stop - start == 1 && line[start] == '-' || stop == start) {
      return null;
    }
    return LineBytes.decode(line, start, stop);
  }

  /** The token read as a non-negative integer, or -1. */
  long number() {
    if (stop == start || stop - start > 18) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < stop; i++) {
      int digit = line[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  LineRejectedException rejected(String what, int at) {
    return new LineRejectedException(RejectReason.NO_MATCH, what + " at column " + LineBytes.column(line, lineStart, at));
  }

  LineRejectedException badTime(String what, int at) {
    return new LineRejectedException(RejectReason.BAD_TIMESTAMP, what + " at column "
        + LineBytes.column(line, lineStart, at));
  }
}
