package io.tracelake.parsers.text;

import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.RepeatedText;
import io.tracelake.parsers.text.LayoutField.Kind;
import io.tracelake.parsers.text.time.DateReader;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses lines written by a Logback or Log4j2 PatternLayout, given the layout string from the
 * logger's config ({@code %d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n}).
 *
 * <p>The layout compiles to a scanner, not a regex: each field ends where the literal text that
 * follows it in the layout starts (the message: where that text last occurs), padding spaces are
 * trimmed, and only the strings the event keeps are allocated. Level, logger, thread and message fill
 * their event fields; MDC keys traceId/trace_id/X-B3-TraceId, spanId/span_id/X-B3-SpanId,
 * parentId/parent_id/X-B3-ParentSpanId and requestId/request_id/X-Request-ID fill the ids as logged;
 * every other MDC key, %class, %method, %line, %file, %pid, %marker and unknown words become attributes.
 */
public final class PatternLayoutParser implements io.tracelake.parsers.LineParser {
  private static final int MAX_LINE_FOR_SCRATCH = 1 << 20;
  private static final byte[] DOT = {'.'};

  private final LayoutProgram program;
  private final DateReader[] dates;
  private final int[] starts;
  private final int[] stops;
  /** Per field, its text on the lines before: a repeated thread, logger or MDC value is one String. */
  private final RepeatedText[] repeatedText;
  private byte[] scratch = new byte[0];

  private PatternLayoutParser(LayoutProgram program, FileContext context) {
    this.program = program;
    this.dates = new DateReader[program.fields.length];
    for (int i = 0; i < program.fields.length; i++) {
      if (program.fields[i].kind == Kind.DATE) {
        dates[i] = program.fields[i].date.newReader(context);
      }
    }
    this.starts = new int[program.fields.length];
    this.stops = new int[program.fields.length];
    this.repeatedText = new RepeatedText[program.fields.length];
    for (int i = 0; i < repeatedText.length; i++) {
      repeatedText[i] = new RepeatedText();
    }
  }

  /**
   * Compiles a layout string as found in a logback.xml, log4j2.xml or Spring {@code logging.pattern.*}.
   *
   * @throws IllegalArgumentException naming the layout and the column of what does not compile, or
   *     when it has no date
   */
  public static TextFormat compile(String layout) {
    LayoutProgram program = PatternLayoutCompiler.compile(layout);
    return context -> new PatternLayoutParser(program, context);
  }

  @Override
  public LogEvent parse(byte[] line, int off, int len) throws LineRejectedException {
    int end = LineBytes.withoutLineBreak(line, off, off + len);
    if (program.coloured && len <= MAX_LINE_FOR_SCRATCH) {
      if (scratch.length < len) {
        scratch = new byte[Math.max(len, 256)];
      }
      int stripped = AnsiEscapes.strip(line, off, end, scratch);
      if (stripped >= 0) {
        line = scratch;
        off = 0;
        end = stripped;
      }
    }
    long micros = scan(line, off, end);
    return toEvent(line, micros);
  }

  /** Finds every field's bounds; returns the time. */
  private long scan(byte[] line, int off, int end) throws LineRejectedException {
    LayoutField[] fields = program.fields;
    byte[][] separators = program.separators;
    int pos = off;
    if (!LineBytes.startsWith(line, pos, end, program.leading)) {
      throw expected(program.leading, "at the start of the line", line, off, pos);
    }
    pos += program.leading.length;
    long micros = 0;
    for (int i = 0; i < fields.length; i++) {
      LayoutField field = fields[i];
      byte[] separator = separators[i];
      boolean last = i == fields.length - 1;
      int start = pos;
      int stop;
      switch (field.kind) {
        case DATE -> {
          DateReader reader = dates[i];
          stop = reader.read(line, pos, end);
          if (stop < 0) {
            throw new LineRejectedException(RejectReason.BAD_TIMESTAMP, "expected " + reader.expected()
                + " of date pattern '" + field.date + "' at column " + LineBytes.column(line, off, reader.failedAt()));
          }
          if (i == program.dateField) {
            micros = reader.micros();
          }
          if (!LineBytes.startsWith(line, stop, end, separator)) {
            throw expected(separator, "after the date", line, off, stop);
          }
        }
        case OPTIONAL_BRACKETS, CORRELATION -> {
          stop = optionalBrackets(line, pos, end, i);
          if (stop > pos) {
            start = pos + 1;
            pos = stop;
            stop = LineBytes.lastIndexOf(line, start, stop, ByteArrays.CLOSING_BRACKET);
          } else {
            start = stop = pos;
          }
          starts[i] = start;
          stops[i] = stop;
          if (!LineBytes.startsWith(line, pos, end, separator)) {
            throw expected(separator, "after " + field.source, line, off, pos);
          }
          pos += separator.length;
          continue;
        }
        default -> {
          if (field.minWidth > 0 && !field.leftAligned) {
            int limit = Math.min(end, pos + field.minWidth);
            while (start < limit && line[start] == ' ') { // right-aligned padding
              start++;
            }
          }
          if (separator.length == 0 && last) {
            stop = end;
          } else if (separator.length == 0) {
            stop = start; // a field before a self-delimiting one: only %X-like values get here, empty
          } else if (last) {
            stop = LineBytes.lastIndexOf(line, start, end, separator);
            if (stop >= 0 && stop + separator.length != end) {
              stop = -1;
            }
          } else if (field.kind == Kind.MESSAGE) {
            stop = LineBytes.lastIndexOf(line, start, end, separator);
          } else {
            stop = fixedWidthEnd(line, start, end, field, separator);
            if (stop < 0) {
              stop = isDottedBeforeDot(field, separator) ? lastDotBefore(line, start, end, i)
                  : LineBytes.indexOf(line, start, end, separator);
            }
          }
          if (stop < 0) {
            throw expected(separator, "after " + describe(field), line, off, start);
          }
        }
      }
      starts[i] = start;
      stops[i] = stop;
      pos = stop + separator.length;
    }
    if (pos != end) {
      throw new LineRejectedException(RejectReason.NO_MATCH, "unexpected text '" + LineBytes.excerpt(line, pos, end)
          + "' at column " + LineBytes.column(line, off, pos) + " after the last field of the layout");
    }
    return micros;
  }

  /** The end of a {@code [value] } group at {@code pos} when the layout's next text follows it, else pos. */
  private int optionalBrackets(byte[] line, int pos, int end, int field) {
    if (pos >= end || line[pos] != '[') {
      return pos;
    }
    int close = LineBytes.indexOf(line, pos + 1, end, ByteArrays.CLOSING_BRACKET_SPACE);
    if (close < 0) {
      return pos;
    }
    int after = close + 2;
    // the group is there only if what the layout expects next is there after it
    byte[] separator = program.separators[field];
    if (separator.length > 0) {
      return LineBytes.startsWith(line, after, end, separator) ? after : pos;
    }
    boolean optionalNext = field + 1 < program.fields.length
        && (program.fields[field + 1].kind == Kind.OPTIONAL_BRACKETS || program.fields[field + 1].kind == Kind.CORRELATION);
    return !optionalNext || (after < end && line[after] == '[') ? after : pos;
  }

  /** A class or logger name followed by '.' (%C.%M): its own dots are not the separator. */
  private static boolean isDottedBeforeDot(LayoutField field, byte[] separator) {
    return separator.length == 1 && separator[0] == '.'
        && (field.kind == Kind.LOGGER || (field.kind == Kind.ATTRIBUTE && "class".equals(field.name)));
  }

  /** The last '.' before where the next field's separator occurs. */
  private int lastDotBefore(byte[] line, int start, int end, int field) {
    int limit = end;
    if (field + 1 < program.fields.length && program.separators[field + 1].length > 0) {
      int next = LineBytes.indexOf(line, start, end, program.separators[field + 1]);
      limit = next < 0 ? end : next;
    }
    return LineBytes.lastIndexOf(line, start, limit, DOT);
  }

  /** Where a fixed-width field (%15.15t) ends when its separator is right there; -1 otherwise. */
  private static int fixedWidthEnd(byte[] line, int start, int end, LayoutField field, byte[] separator) {
    int width = field.fixedWidth();
    if (width == 0) {
      return -1;
    }
    int i = start;
    for (int chars = 0; chars < width && i < end; chars++) {
      i++;
      while (i < end && (line[i] & 0xC0) == 0x80) {
        i++;
      }
    }
    return LineBytes.startsWith(line, i, end, separator) ? i : -1;
  }

  private LogEvent toEvent(byte[] line, long micros) {
    LayoutField[] fields = program.fields;
    String level = null;
    String service = null;
    String instance = null;
    String logger = null;
    String thread = null;
    String message = null;
    String traceId = null;
    String spanId = null;
    String parentSpanId = null;
    String requestId = null;
    Map<String, String> attributes = null;
    for (int i = 0; i < fields.length; i++) {
      LayoutField field = fields[i];
      int start = starts[i];
      int stop = stops[i];
      switch (field.kind) {
        case DATE -> { }
        case LEVEL -> level = level != null ? level : LevelText.read(line, start, stop);
        case THREAD -> thread = thread != null ? thread : trimmed(i, line, start, stop);
        case LOGGER -> logger = logger != null ? logger : trimmed(i, line, start, stop);
        case MESSAGE -> message = message != null ? message : LineBytes.decode(line, start, stop);
        case SERVICE -> service = service != null ? service : trimmed(i, line, start, stop);
        case INSTANCE -> instance = instance != null ? instance : trimmed(i, line, start, stop);
        case OPTIONAL_BRACKETS -> {
          String value = trimmed(i, line, start, stop);
          if (value != null && field.name == null) {
            service = service != null ? service : value;
          } else if (value != null) {
            attributes = put(attributes, field.name, value);
          }
        }
        case CORRELATION -> {
          int dash = LineBytes.indexOf(line, start, stop, (byte) '-');
          if (dash >= 0) {
            traceId = traceId != null ? traceId : LineBytes.trimmedOrNull(line, start, dash);
            spanId = spanId != null ? spanId : LineBytes.trimmedOrNull(line, dash + 1, stop);
          }
        }
        case MDC -> {
          String value = trimmed(i, line, start, stop);
          if (value == null) {
            continue;
          }
          if (field.role == null) {
            attributes = put(attributes, field.name, value);
          } else {
            switch (field.role) {
              case TRACE_ID -> traceId = traceId != null ? traceId : value;
              case SPAN_ID -> spanId = spanId != null ? spanId : value;
              case PARENT_SPAN_ID -> parentSpanId = parentSpanId != null ? parentSpanId : value;
              default -> requestId = requestId != null ? requestId : value;
            }
          }
        }
        case MDC_ALL -> {
          Map<String, String> mdc = MdcText.parse(line, start, stop);
          for (Map.Entry<String, String> entry : mdc.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            switch (FieldMapping.canonical(key)) {
              case "traceid", "xb3traceid" -> traceId = traceId != null ? traceId : value;
              case "spanid", "xb3spanid" -> spanId = spanId != null ? spanId : value;
              case "parentid", "parentspanid", "xb3parentspanid" -> parentSpanId = parentSpanId != null
                  ? parentSpanId : value;
              case "requestid", "xrequestid" -> requestId = requestId != null ? requestId : value;
              default -> attributes = put(attributes, key, value);
            }
          }
        }
        default -> {
          String value = trimmed(i, line, start, stop);
          if (value != null) {
            attributes = put(attributes, field.name, value);
          }
        }
      }
    }
    return new LogEvent(micros, level, service, instance, logger, thread, message, traceId, spanId, parentSpanId,
        requestId, null, null, null, null, null, null, null, attributes == null ? Map.of() : attributes);
  }

  /** Field {@code field}'s text without surrounding spaces and tabs, or null when nothing is left. */
  private String trimmed(int field, byte[] line, int from, int to) {
    return LineBytes.trimmedOrNull(line, from, to, repeatedText[field]);
  }

  private static Map<String, String> put(Map<String, String> attributes, String name, String value) {
    Map<String, String> map = attributes == null ? new HashMap<>(8) : attributes;
    map.putIfAbsent(name, value);
    return map;
  }

  private static String describe(LayoutField field) {
    return switch (field.kind) {
      case LEVEL -> "the level";
      case THREAD -> "the thread";
      case LOGGER -> "the logger";
      case MESSAGE -> "the message";
      default -> field.source;
    };
  }

  private static LineRejectedException expected(byte[] text, String where, byte[] line, int lineStart, int at) {
    return new LineRejectedException(RejectReason.NO_MATCH, "expected '"
        + new String(text, java.nio.charset.StandardCharsets.UTF_8).replace("\t", "\\t") + "' " + where
        + " at column " + LineBytes.column(line, lineStart, at));
  }
}
