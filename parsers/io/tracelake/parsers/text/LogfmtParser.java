package io.tracelake.parsers.text;

import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;

/**
 * Parses logfmt lines ({@code ts=2026-11-20T10:15:30Z level=info msg="order placed" trace_id=4bf9...}),
 * as Go's go-kit/log, logrus, slog's text handler and Heroku-style loggers write them.
 *
 * <p>Values are bare (up to the next space) or double-quoted with {@code \"}, {@code \\}, {@code \n},
 * {@code \t}, {@code \r} and {@code \}{@code uXXXX} escapes; a bare key without {@code =} has the value
 * {@code true}. Keys map to event fields by a {@link FieldMapping} (ts/time, level/lvl, msg,
 * trace_id/traceID, span_id, ...); the others become attributes under their own name.
 */
public final class LogfmtParser implements LineParser {

  private final KeyCache keys;
  private final EventFields fields;
  private final StringBuilder unescaped = new StringBuilder();
  /** Where the last quoted value read ended. */
  private int quotedEnd;

  private LogfmtParser(FieldMapping mapping, String datePattern, FileContext context) {
    this.keys = new KeyCache(mapping);
    this.fields = new EventFields(mapping, new TimestampText(datePattern, context));
  }

  /**
   * logfmt with the given field mapping; timestamps as ISO-8601, epoch numbers and the usual log
   * forms, or with {@code datePattern} when it is not null.
   *
   * @throws IllegalArgumentException when the date pattern does not compile
   */
  public static TextFormat format(FieldMapping mapping, String datePattern) {
    if (datePattern != null) {
      io.tracelake.parsers.text.time.DatePattern.compile(datePattern); // fail at config time
    }
    return context -> new LogfmtParser(mapping, datePattern, context);
  }

  /** logfmt with the default field mapping and timestamps. */
  public static TextFormat format() {
    return format(FieldMapping.defaults(), null);
  }

  @Override
  public LogEvent parse(byte[] line, int off, int len) throws LineRejectedException {
    return parse(line, off, len, Long.MIN_VALUE);
  }

  @Override
  public LogEvent parse(byte[] line, int off, int len, long fallbackTimeUs) throws LineRejectedException {
    int end = LineBytes.withoutLineBreak(line, off, off + len);
    fields.clear();
    boolean pairs = false;
    int pos = LineBytes.skipSpaces(line, off, end);
    while (pos < end) {
      int keyStart = pos;
      while (pos < end && line[pos] != '=' && line[pos] != ' ' && line[pos] != '\t' && line[pos] != '"') {
        pos++;
      }
      if (pos < end && line[pos] == '"') {
        throw rejected("unexpected '\"' in a key", line, off, pos);
      }
      if (pos == keyStart) {
        throw rejected("expected a key before '='", line, off, pos);
      }
      KeyCache.Key key = keys.key(line, keyStart, pos);
      String value;
      if (pos < end && line[pos] == '=') {
        pairs = true;
        pos++;
        if (pos < end && line[pos] == '"') {
          value = quoted(line, off, pos, end, key.name);
          pos = quotedEnd;
        } else {
          int valueStart = pos;
          while (pos < end && line[pos] != ' ' && line[pos] != '\t') {
            pos++;
          }
          value = LineBytes.decode(line, valueStart, pos);
        }
      } else {
        value = "true";
      }
      fields.put(key.name, key.slot, value);
      pos = LineBytes.skipSpaces(line, pos, end);
    }
    if (!pairs) {
      throw new LineRejectedException(RejectReason.NO_MATCH, "line has no key=value pair");
    }
    return fields.toEvent(fallbackTimeUs);
  }

  /** The value of the quoted string opening at {@code quote}; sets {@link #quotedEnd} past its closing quote. */
  private String quoted(byte[] line, int lineStart, int quote, int end, String key) throws LineRejectedException {
    int i = quote + 1;
    boolean escaped = false;
    while (i < end && line[i] != '"') {
      if (line[i] == '\\') {
        escaped = true;
        i++;
      }
      i++;
    }
    if (i >= end) {
      throw rejected("unterminated quoted value of '" + key + "' starting", line, lineStart, quote);
    }
    quotedEnd = i + 1;
    if (!escaped) {
      return LineBytes.decode(line, quote + 1, i);
    }
    return unescape(LineBytes.decode(line, quote + 1, i));
  }

  private String unescape(String raw) {
    StringBuilder out = unescaped;
    out.setLength(0);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\\' || i + 1 == raw.length()) {
        out.append(c);
        continue;
      }
      char next = raw.charAt(++i);
      switch (next) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'u' -> {
          int code = i + 4 < raw.length() ? hex(raw, i + 1) : -1;
          if (code >= 0) {
            out.append((char) code);
            i += 4;
          } else {
            out.append("\\u");
          }
        }
        default -> out.append(next); // \" and \\ and anything else escaped
      }
    }
    return out.toString();
  }

  private static int hex(String text, int from) {
    int value = 0;
    for (int k = from; k < from + 4; k++) {
      int digit = Character.digit(text.charAt(k), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  private static LineRejectedException rejected(String what, byte[] line, int lineStart, int at) {
    return new LineRejectedException(RejectReason.NO_MATCH, what + " at column " + LineBytes.column(line, lineStart, at));
  }
}
