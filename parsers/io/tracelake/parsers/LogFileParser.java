package io.tracelake.parsers;

import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.model.RejectReason;
import io.tracelake.model.RejectedLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;

/**
 * Reads one log file and yields, for every entry, its event or its reasoned rejection: nothing is
 * skipped, so lines read always equal the lines of the events plus the rejects.
 *
 * <p>With {@code multiline} on (text formats), a line that does not parse as an entry continues the
 * entry before it, as Logstash's multiline codec does with {@code negate => true, what => previous}:
 * stack traces, tracebacks and wrapped messages are folded into their entry's message, and the
 * exception they report is extracted. Lines before the first entry of a file are rejected.
 *
 * <p>Pulls lazily, so a file of any size streams through in constant memory. An I/O failure (a
 * truncated archive, say) surfaces as an {@link UncheckedIOException} after the entries read so far.
 */
public final class LogFileParser implements Iterator<ParsedLine> {

  /** Longest raw text a reject keeps; the rest of a huge line is not worth storing twice. */
  public static final int MAX_REJECT_RAW_CHARS = 4096;

  private final LineReader reader;
  private final LineParser parser;
  private final String defaultService;
  private final String defaultInstance;
  private final int maxLineBytes;
  private final boolean multiline;
  private final UnaryOperator<LogEvent> finisher;

  private final ArrayDeque<ParsedLine> ready = new ArrayDeque<>(2);
  private Pending pending;
  private boolean eof;
  private UncheckedIOException failure;

  /** An entry whose continuation lines may still follow. */
  private static final class Pending {
    final long lineNumber;
    final LogEvent event;
    StringBuilder continuation;
    int lineCount = 1;
    boolean cut;

    Pending(long lineNumber, LogEvent event) {
      this.lineNumber = lineNumber;
      this.event = event;
    }
  }

  /**
   * @param defaultService service for events whose line names none (from config or the file path); may be null
   * @param defaultInstance instance likewise; may be null
   * @param multiline fold lines that are not entries into the entry before them
   * @param finisher applied to every complete event (trace-context resolution, say)
   */
  public LogFileParser(InputStream in, LineParser parser, String defaultService, String defaultInstance,
      int maxLineBytes, boolean multiline, UnaryOperator<LogEvent> finisher) {
    this.reader = new LineReader(in, maxLineBytes);
    this.parser = parser;
    this.defaultService = defaultService;
    this.defaultInstance = defaultInstance;
    this.maxLineBytes = maxLineBytes;
    this.multiline = multiline;
    this.finisher = finisher;
  }

  /** A parser for single-line entries with no finishing step. */
  public LogFileParser(InputStream in, LineParser parser, String defaultService, String defaultInstance,
      int maxLineBytes) {
    this(in, parser, defaultService, defaultInstance, maxLineBytes, false, UnaryOperator.identity());
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && !eof) {
      readNextLine();
    }
    if (ready.isEmpty() && failure != null) {
      UncheckedIOException thrown = failure;
      failure = null;
      throw thrown;
    }
    return !ready.isEmpty();
  }

  private void readNextLine() {
    try {
      if (reader.next()) {
        readCurrent();
        return;
      }
    } catch (IOException e) {
      // the entries before the failure are delivered first, then the failure
      failure = new UncheckedIOException("read failed after line " + reader.lineNumber() + ": " + e.getMessage(), e);
    }
    eof = true;
    flushPending();
  }

  @Override
  public ParsedLine next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  /** Lines read so far. */
  public long linesRead() {
    return reader.lineNumber();
  }

  private void readCurrent() {
    long lineNumber = reader.lineNumber();
    byte[] bytes = reader.buffer();
    int length = reader.length();
    if (reader.truncated()) {
      if (multiline && pending != null) {
        fold(bytes, length, true);
        return;
      }
      ready.add(reject(lineNumber, RejectReason.LINE_TOO_LONG,
          "line of " + reader.originalLength() + " bytes exceeds the limit of " + maxLineBytes + " bytes"));
      return;
    }
    boolean blank = Utf8.isBlank(bytes, 0, length);
    if (blank && !(multiline && pending != null)) {
      ready.add(reject(lineNumber, RejectReason.BLANK_LINE, "line is empty or only whitespace"));
      return;
    }
    LogEvent event = null;
    RejectedLine rejection = null;
    if (!blank) {
      try {
        event = parser.parse(bytes, 0, length);
      } catch (LineRejectedException e) {
        rejection = rejected(e.reason(), e.getMessage());
      } catch (RuntimeException e) {
        // a parser bug must cost one line, not the task; the reason says it was ours
        rejection = rejected(RejectReason.PARSER_ERROR, "parser failed: " + e);
      }
    }
    if (event != null) {
      flushPending();
      if (multiline) {
        pending = new Pending(lineNumber, event);
      } else {
        ready.add(ParsedLine.event(lineNumber, 1, finish(event)));
      }
    } else if (multiline && pending != null) {
      fold(bytes, length, false);
    } else {
      ready.add(ParsedLine.reject(lineNumber, rejection));
    }
  }

  private void fold(byte[] bytes, int length, boolean lineWasCut) {
    Pending entry = pending;
    entry.lineCount++;
    if (entry.continuation == null) {
      entry.continuation = new StringBuilder(128);
    }
    // the folded text is capped like a line is; the lines beyond still count, their text is dropped
    int room = maxLineBytes - entry.continuation.length() - 1;
    if (room <= 0) {
      entry.cut = true;
      return;
    }
    String text = Utf8.decodeLenient(bytes, 0, Math.min(length, room));
    entry.continuation.append('\n').append(text);
    entry.cut |= lineWasCut || length > room;
  }

  private void flushPending() {
    if (pending == null) {
      return;
    }
    Pending entry = pending;
    pending = null;
    LogEvent event = entry.event;
    if (entry.continuation != null) {
      String base = event.message() == null ? "" : event.message();
      String message = base + entry.continuation;
      LogEvent.Builder folded = event.toBuilder().message(message);
      if (event.exceptionType() == null) {
        ExceptionText.Found exception = ExceptionText.find(message);
        if (exception != null) {
          folded.exceptionType(exception.type()).exceptionMessage(exception.message());
        }
      }
      if (entry.cut) {
        java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>(event.attributes());
        attributes.put("message_truncated", "true");
        folded.attributes(attributes);
      }
      event = folded.build();
    }
    ready.add(ParsedLine.event(entry.lineNumber, entry.lineCount, finish(event)));
  }

  private LogEvent finish(LogEvent event) {
    return finisher.apply(event.withDefaultOrigin(defaultService, defaultInstance));
  }

  private RejectedLine rejected(RejectReason reason, String detail) {
    int length = reader.length();
    int rawLength = (int) Math.min(Integer.MAX_VALUE, reader.originalLength());
    String raw = Utf8.decodeLenient(reader.buffer(), 0, Math.min(length, MAX_REJECT_RAW_CHARS * 4));
    if (raw.length() > MAX_REJECT_RAW_CHARS) {
      raw = raw.substring(0, MAX_REJECT_RAW_CHARS);
    }
    return new RejectedLine(reason, detail, raw, rawLength);
  }

  private ParsedLine reject(long lineNumber, RejectReason reason, String detail) {
    return ParsedLine.reject(lineNumber, rejected(reason, detail));
  }
}
