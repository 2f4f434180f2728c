package io.tracelake.parsers.text;

import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.text.time.DatePattern;
import io.tracelake.parsers.text.time.DateReader;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses Spring Boot's default console and file log format, in every variant Boot 2.x and 3.x
 * write, with or without the correlation ids of Sleuth or Micrometer Tracing:
 * <pre>
 * 2026-11-20 10:15:30.123  INFO [orders,4bf92f3577b34da6,00f067aa0ba902b7,true] 12345 --- [nio-8080-exec-7] c.s.o.OrderController : msg
 * 2026-11-20T10:15:30.123+01:00  INFO 12345 --- [nio-8080-exec-7] c.s.o.OrderController : msg
 * 2026-11-20T10:15:30.123+01:00  INFO 12345 --- [orders] [nio-8080-exec-7] [4bf92f...e4736-00f067aa0ba902b7] c.s.o.OrderController : msg
 * 2026-11-20T10:15:30.123+01:00  INFO 12345 --- [orders] [shop] [nio-8080-exec-7] [                                                 ] c.s.o.OrderController : msg
 * </pre>
 * That is: the date (Boot 2 {@code yyyy-MM-dd HH:mm:ss.SSS} in the file's zone, Boot 3 ISO-8601 with
 * offset), the level, an optional Sleuth-style {@code [app,traceId,spanId(,exportable)]} block, the
 * pid (empty in Boot 3.4 when unknown), {@code ---}, then bracketed groups: application name (3.2+)
 * and group (3.4+), the thread, and the {@code [traceId-spanId] } correlation block of 3.2+ (blank when
 * there is no trace); then the padded logger, {@code " : "} and the message. ANSI colours are dropped.
 * The application name fills the service; pid, application group and Sleuth's exportable flag go to
 * attributes.
 */
public final class SpringBootConsoleParser implements LineParser {
  private static final byte[] DASHES = {'-', '-', '-'};
  private static final byte[] LOGGER_END = {' ', ':', ' '};
  private static final byte[] LOGGER_END_AT_EOL = {' ', ':'};
  private static final int MAX_GROUPS = 6;

  private final DateReader date;
  private final String datePattern;
  private final int[] groupStarts = new int[MAX_GROUPS];
  private final int[] groupEnds = new int[MAX_GROUPS];
  private byte[] scratch = new byte[256];

  private SpringBootConsoleParser(DatePattern datePattern, FileContext context) {
    this.date = datePattern.newReader(context);
    this.datePattern = datePattern.toString();
  }

  /** Spring Boot's default layouts, any version; the date ISO-8601-like as Boot writes it by default. */
  public static TextFormat format() {
    DatePattern iso = DatePattern.iso8601();
    return context -> new SpringBootConsoleParser(iso, context);
  }

  /**
   * The same with the date written by {@code logging.pattern.dateformat} (LOG_DATEFORMAT_PATTERN).
   *
   * @throws IllegalArgumentException when the date pattern does not compile
   */
  public static TextFormat format(String datePattern) {
    DatePattern pattern = DatePattern.compile(datePattern);
    return context -> new SpringBootConsoleParser(pattern, context);
  }

  @Override
  public LogEvent parse(byte[] line, int off, int len) throws LineRejectedException {
    int end = LineBytes.withoutLineBreak(line, off, off + len);
    if (scratch.length < len) {
      scratch = new byte[len];
    }
    int stripped = AnsiEscapes.strip(line, off, end, scratch);
    if (stripped >= 0) {
      line = scratch;
      off = 0;
      end = stripped;
    }
    int pos = date.read(line, off, end);
    if (pos < 0) {
      throw new LineRejectedException(RejectReason.BAD_TIMESTAMP, "expected " + date.expected() + " of date pattern '"
          + datePattern + "' at column " + LineBytes.column(line, off, date.failedAt()));
    }
    long micros = date.micros();
    int levelStart = LineBytes.skipSpaces(line, pos, end);
    if (levelStart == pos) {
      throw rejected("expected a space after the date", line, off, pos);
    }
    int levelEnd = levelStart;
    while (levelEnd < end && line[levelEnd] != ' ' && line[levelEnd] != '[') {
      levelEnd++;
    }
    if (levelEnd == levelStart) {
      throw rejected("expected the level", line, off, levelStart);
    }
    pos = LineBytes.skipSpaces(line, levelEnd, end);
    int sleuthStart = -1;
    int sleuthEnd = -1;
    if (pos < end && line[pos] == '[') {
      sleuthStart = pos + 1;
      sleuthEnd = LineBytes.indexOf(line, sleuthStart, end, (byte) ']');
      if (sleuthEnd < 0) {
        throw rejected("expected ']' to close the block after the level", line, off, pos);
      }
      pos = LineBytes.skipSpaces(line, sleuthEnd + 1, end);
    }
    int pidStart = pos;
    while (pos < end && line[pos] >= '0' && line[pos] <= '9') {
      pos++;
    }
    int pidEnd = pos;
    pos = LineBytes.skipSpaces(line, pos, end);
    if (!LineBytes.startsWith(line, pos, end, DASHES)) {
      throw rejected("expected '---' after the " + (pidEnd > pidStart ? "pid" : "level"), line, off, pos);
    }
    pos = LineBytes.skipSpaces(line, pos + DASHES.length, end);
    int groups = 0;
    while (pos < end && line[pos] == '[' && groups < MAX_GROUPS) {
      int close = closingBracket(line, pos + 1, end);
      if (close < 0) {
        break;
      }
      groupStarts[groups] = pos + 1;
      groupEnds[groups] = close;
      groups++;
      pos = LineBytes.skipSpaces(line, close + 1, end);
    }
    boolean correlated = groups >= 2 && isCorrelation(line, groupStarts[groups - 1], groupEnds[groups - 1]);
    int threadGroup = correlated ? groups - 2 : groups - 1;
    if (threadGroup < 0) {
      throw rejected("expected '[' and the thread after '---'", line, off, pos);
    }
    int loggerEnd = LineBytes.indexOf(line, pos, end, LOGGER_END);
    int messageStart;
    if (loggerEnd >= 0) {
      messageStart = loggerEnd + LOGGER_END.length;
    } else if (end - pos >= 2 && LineBytes.startsWith(line, end - 2, end, LOGGER_END_AT_EOL)) {
      loggerEnd = end - 2; // an empty message whose trailing space was trimmed
      messageStart = end;
    } else {
      throw rejected("expected ' : ' after the logger", line, off, pos);
    }

    String service = null;
    String traceId = null;
    String spanId = null;
    Map<String, String> attributes = null;
    if (pidEnd > pidStart) {
      attributes = put(attributes, "pid", LineBytes.decode(line, pidStart, pidEnd));
    }
    if (threadGroup >= 1) {
      service = LineBytes.trimmedOrNull(line, groupStarts[0], groupEnds[0]);
    }
    if (threadGroup >= 2) {
      String group = LineBytes.trimmedOrNull(line, groupStarts[1], groupEnds[1]);
      if (group != null) {
        attributes = put(attributes, "applicationGroup", group);
      }
    }
    if (correlated) {
      int from = groupStarts[groups - 1];
      int to = groupEnds[groups - 1];
      int dash = LineBytes.indexOf(line, from, to, (byte) '-');
      if (dash >= 0) {
        traceId = LineBytes.trimmedOrNull(line, from, dash);
        spanId = LineBytes.trimmedOrNull(line, dash + 1, to);
      }
    }
    if (sleuthStart >= 0) {
      int part = 0;
      int from = sleuthStart;
      while (from <= sleuthEnd) {
        int comma = LineBytes.indexOf(line, from, sleuthEnd, (byte) ',');
        int to = comma < 0 ? sleuthEnd : comma;
        String value = LineBytes.trimmedOrNull(line, from, to);
        if (value != null) {
          switch (part) {
            case 0 -> service = service != null ? service : value;
            case 1 -> traceId = traceId != null ? traceId : value;
            case 2 -> spanId = spanId != null ? spanId : value;
            default -> {
              int equals = value.indexOf('=');
              if (equals > 0) {
                attributes = put(attributes, value.substring(0, equals), value.substring(equals + 1));
              } else {
                attributes = put(attributes, part == 3 ? "exportable" : "sleuth" + part, value);
              }
            }
          }
        }
        part++;
        from = to + 1;
      }
    }
    return new LogEvent(micros, LevelText.read(line, levelStart, levelEnd), service, null,
        LineBytes.trimmedOrNull(line, pos, loggerEnd),
        LineBytes.trimmedOrNull(line, groupStarts[threadGroup], groupEnds[threadGroup]),
        LineBytes.decode(line, messageStart, end), traceId, spanId, null, null, null, null, null, null, null,
        null, null, attributes == null ? Map.of() : attributes);
  }

  /** The ']' that closes a group: the first one followed by a space or the end of the line. */
  private static int closingBracket(byte[] line, int from, int end) {
    for (int i = from; i < end; i++) {
      if (line[i] == ']' && (i + 1 == end || line[i + 1] == ' ')) {
        return i;
      }
    }
    return -1;
  }

  /** {@code traceId-spanId} (16-32 and 16 hex digits, space-padded) or the blank block of no trace. */
  private static boolean isCorrelation(byte[] line, int from, int to) {
    int dash = LineBytes.indexOf(line, from, to, (byte) '-');
    if (dash < 0) {
      return to - from >= 16 && LineBytes.skipSpaces(line, from, to) == to;
    }
    int traceDigits = hexDigits(line, from, dash);
    int spanDigits = hexDigits(line, dash + 1, to);
    return traceDigits >= 16 && traceDigits <= 32 && spanDigits == 16;
  }

  /** The number of hex digits of a space-padded run, or -1 when it has anything else. */
  private static int hexDigits(byte[] line, int from, int to) {
    int digits = 0;
    for (int i = from; i < to; i++) {
      byte b = line[i];
      if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F')) {
        digits++;
      } else if (b != ' ') {
        return -1;
      }
    }
    return digits;
  }

  private static Map<String, String> put(Map<String, String> attributes, String name, String value) {
    Map<String, String> map = attributes == null ? new HashMap<>(4) : attributes;
    map.putIfAbsent(name, value);
    return map;
  }

  private static LineRejectedException rejected(String what, byte[] line, int lineStart, int at) {
    return new LineRejectedException(RejectReason.NO_MATCH, what + " at column " + LineBytes.column(line, lineStart, at));
  }
}
