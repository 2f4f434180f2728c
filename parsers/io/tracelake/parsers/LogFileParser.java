package io.tracelake.parsers;

import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.model.RejectReason;
import io.tracelake.model.RejectedLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads one log file line by line and yields, for every line, its event or its reasoned rejection:
 * nothing is skipped, so lines read always equal events plus rejects.
 *
 * <p>Pulls lazily, so a file of any size streams through in constant memory. An I/O failure (a
 * truncated archive, say) surfaces as an {@link UncheckedIOException} after the lines read so far.
 */
public final class LogFileParser implements Iterator<ParsedLine> {

  /** Longest raw text a reject keeps; the rest of a huge line is not worth storing twice. */
  public static final int MAX_REJECT_RAW_CHARS = 4096;

  private final LineReader reader;
  private final LineParser parser;
  private final String defaultService;
  private final String defaultInstance;
  private final int maxLineBytes;
  private ParsedLine next;
  private boolean done;

  /**
   * @param defaultService service for events whose line names none (from config or the file path); may be null
   * @param defaultInstance instance likewise; may be null
   */
  public LogFileParser(InputStream in, LineParser parser, String defaultService, String defaultInstance,
      int maxLineBytes) {
    this.reader = new LineReader(in, maxLineBytes);
    this.parser = parser;
    this.defaultService = defaultService;
    this.defaultInstance = defaultInstance;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      try {
        if (reader.next()) {
          next = parseCurrent();
        } else {
          done = true;
        }
      } catch (IOException e) {
        done = true;
        throw new UncheckedIOException("read failed after line " + reader.lineNumber() + ": " + e.getMessage(), e);
      }
    }
    return next != null;
  }

  @Override
  public ParsedLine next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ParsedLine result = next;
    next = null;
    return result;
  }

  /** Lines read so far. */
  public long linesRead() {
    return reader.lineNumber();
  }

  private ParsedLine parseCurrent() {
    long lineNumber = reader.lineNumber();
    byte[] bytes = reader.buffer();
    int length = reader.length();
    if (reader.truncated()) {
      return reject(lineNumber, RejectReason.LINE_TOO_LONG,
          "line of " + reader.originalLength() + " bytes exceeds the limit of " + maxLineBytes + " bytes");
    }
    if (Utf8.isBlank(bytes, 0, length)) {
      return reject(lineNumber, RejectReason.BLANK_LINE, "line is empty or only whitespace");
    }
    try {
      LogEvent event = parser.parse(bytes, 0, length);
      return ParsedLine.event(lineNumber, event.withDefaultOrigin(defaultService, defaultInstance));
    } catch (LineRejectedException e) {
      return reject(lineNumber, e.reason(), e.getMessage());
    } catch (RuntimeException e) {
      // a parser bug must cost one line, not the task; the reason says it was ours
      return reject(lineNumber, RejectReason.PARSER_ERROR, "parser failed: " + e);
    }
  }

  private ParsedLine reject(long lineNumber, RejectReason reason, String detail) {
    int length = reader.length();
    int rawLength = (int) Math.min(Integer.MAX_VALUE, reader.originalLength());
    String raw = Utf8.decodeLenient(reader.buffer(), 0, Math.min(length, MAX_REJECT_RAW_CHARS * 4));
    if (raw.length() > MAX_REJECT_RAW_CHARS) {
      raw = raw.substring(0, MAX_REJECT_RAW_CHARS);
    }
    return ParsedLine.reject(lineNumber, new RejectedLine(reason, detail, raw, rawLength));
  }
}
