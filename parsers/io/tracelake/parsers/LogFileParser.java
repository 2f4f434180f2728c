package io.tracelake.parsers;

import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.model.RejectReason;
import io.tracelake.model.RejectedLine;
import io.tracelake.model.regex.BoundedRegex;
import io.tracelake.parsers.envelope.Envelope;
import io.tracelake.parsers.envelope.JoinedLine;
import io.tracelake.parsers.envelope.PartialLineJoiner;
import io.tracelake.parsers.envelope.UnwrappedLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;

/**
 * Reads one log file and yields, for every entry, its event or its reasoned rejection: nothing is
 * skipped, so the lines read always equal the lines of the events plus the lines of the rejects.
 *
 * <p>A file line becomes a logical line first: as it is, or, in a container runtime's envelope,
 * unwrapped and joined with the other pieces of a line the runtime split (the line then keeps the
 * envelope's stream). With {@code multiline} on (text formats), a logical line that does not parse as
 * an entry continues the entry before it, as Logstash's multiline codec does with {@code negate =>
 * true, what => previous}: stack traces, tracebacks and wrapped messages are folded into their
 * entry's message, and the exception they report is extracted. Lines before a file's first entry are
 * rejected. An entry without a time of its own takes its envelope's time (Docker, CRI), and its
 * {@link io.tracelake.model.TimeSource} says so; without an envelope it is rejected as missing_timestamp
 * (or, with {@code multiline}, continues the entry before it).
 * Every complete event then goes through the {@code finisher} (trace-context resolution).
 *
 * <p>Pulls lazily, so a file of any size streams through in constant memory. An I/O failure (a
 * truncated archive, say) surfaces as an {@link UncheckedIOException} after the entries read so far.
 */
public final class LogFileParser implements Iterator<ParsedLine> {

  /** Longest raw text a reject keeps; the rest of a huge line is not worth storing twice. */
  public static final int MAX_REJECT_RAW_CHARS = 4096;
  /** Attribute with the time the container runtime stamped an enveloped line with. */
  public static final String ENVELOPE_TIME_ATTRIBUTE = "envelope_time";

  private final LineReader reader;
  private final LineParser parser;
  private final Envelope envelope;
  private final PartialLineJoiner joiner;
  private final RecordBatches batches;
  private final String defaultService;
  private final String defaultInstance;
  private final int maxLineBytes;
  private final boolean multiline;
  private final UnaryOperator<LogEvent> finisher;

  // a split of a file (see forSplit): where its owned lines end, the number of the line before its first
  // line, and whether its leading continuation lines are still to skip (the split before folded them)
  private long endOffset = Long.MAX_VALUE;
  private long lineNumberBase;
  private boolean skippingContinuations;

  private final ArrayDeque<ParsedLine> ready = new ArrayDeque<>(2);
  private Pending pending;
  private boolean eof;
  private UncheckedIOException failure;

  // the logical line being handled: mutable fields rather than an object per line
  private byte[] lineBytes;
  private int lineOffset;
  private int lineLength;
  private long lineOriginalLength;
  private long lineNumber;
  private int linePieces;
  private String lineStream;
  private long lineEnvelopeTimeUs;

  /** An entry whose continuation lines may still follow. */
  private static final class Pending {
    final long lineNumber;
    final LogEvent event;
    StringBuilder continuation;
    int lineCount;
    boolean cut;

    Pending(long lineNumber, int lineCount, LogEvent event) {
      this.lineNumber = lineNumber;
      this.lineCount = lineCount;
      this.event = event;
    }
  }

  /**
   * @param envelope the container envelope around each line, or null
   * @param batches splits lines that hold several records, or null
   * @param defaultService service for events whose line names none (from config or the file path); may be null
   * @param defaultInstance instance likewise; may be null
   * @param multiline fold lines that are not entries into the entry before them
   * @param finisher applied to every complete event (trace-context resolution, say)
   */
  public LogFileParser(InputStream in, LineParser parser, Envelope envelope, RecordBatches batches,
      String defaultService, String defaultInstance, int maxLineBytes, boolean multiline,
      UnaryOperator<LogEvent> finisher) {
    this.reader = new LineReader(in, maxLineBytes);
    this.parser = parser;
    this.envelope = envelope;
    this.batches = batches;
    this.joiner = envelope == null ? null : new PartialLineJoiner(maxLineBytes);
    this.defaultService = defaultService;
    this.defaultInstance = defaultInstance;
    this.maxLineBytes = maxLineBytes;
    this.multiline = multiline;
    this.finisher = finisher;
  }

  /** A parser for plain single-line entries with no finishing step. */
  public LogFileParser(InputStream in, LineParser parser, String defaultService, String defaultInstance,
      int maxLineBytes) {
    this(in, parser, null, null, defaultService, defaultInstance, maxLineBytes, false, UnaryOperator.identity());
  }

  /**
   * Makes this parser read one split of a file: the lines that start in {@code [start, end)}. The
   * stream must be positioned at byte {@code start - 1} when {@code start > 0} (at 0 otherwise), so
   * that the line the split starts in can be told apart from a line that starts exactly at it.
   *
   * <p>An entry is read whole by the split its first line starts in: a split reads past its end
   * through the continuation lines of its last entry (with {@code multiline}), and the next split skips
   * its leading continuation lines. Parsing a file in splits yields exactly what parsing it whole does.
   * Not for enveloped lines, whose pieces may interleave across a boundary.
   *
   * @param newlinesBefore how many line feeds the file has before byte {@code start}
   * @throws IOException when the stream cannot be read
   */
  public LogFileParser forSplit(long start, long end, long newlinesBefore) throws IOException {
    if (envelope != null) {
      throw new IllegalStateException("enveloped lines cannot be read in splits");
    }
    if (start == 0) {
      endOffset = end;
      lineNumberBase = 0;
      return this;
    }
    // drop the rest of the line that byte start-1 is in; it belongs to the split before
    boolean any = reader.next();
    boolean lineStartsAtStart = any && reader.consumed() == 1;
    // the line after the dropped one is line newlinesBefore + 1 when byte start-1 is a line feed, else + 2
    long firstLineNumber = newlinesBefore + (lineStartsAtStart ? 1 : 2);
    lineNumberBase = firstLineNumber - 2;
    endOffset = end - (start - 1);
    skippingContinuations = multiline;
    if (!any) {
      eof = true;
    }
    return this;
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

  private void readNextLine() {
    try {
      if (reader.next()) {
        if (envelope == null) {
          setLine(reader.buffer(), 0, reader.length(), reader.originalLength(), lineNumberBase + reader.lineNumber(),
              1, null, Long.MIN_VALUE);
          if (skippingContinuations || reader.lineStart() >= endOffset) {
            handleLineAtSplitEdge();
          } else {
            handleLine();
          }
        } else {
          unwrapLine();
        }
        return;
      }
    } catch (IOException e) {
      // the entries before the failure are delivered first, then the failure
      failure = new UncheckedIOException("read failed after line " + reader.lineNumber() + ": " + e.getMessage(), e);
    }
    eof = true;
    if (joiner != null) {
      for (JoinedLine rest = joiner.flush(); rest != null; rest = joiner.flush()) {
        handleJoined(rest);
      }
    }
    flushPending();
  }

  /**
   * A line before a split's first entry (skipped: the split before folded it) or past its end (folded
   * when it continues the last entry; the first entry past the end belongs to the next split).
   */
  private void handleLineAtSplitEdge() {
    boolean beyondEnd = reader.lineStart() >= endOffset;
    if (beyondEnd && !multiline) {
      finishSplit();
      return;
    }
    LogEvent entry = truncated() || Utf8.isBlank(lineBytes, lineOffset, lineLength) ? null : tryParse();
    if (entry == null) {
      if (!skippingContinuations) {
        handleLine();
      }
      return;
    }
    if (beyondEnd) {
      finishSplit();
      return;
    }
    skippingContinuations = false;
    addEvent(entry, linePieces);
  }

  private LogEvent tryParse() {
    try {
      return parseEntry(lineBytes, lineOffset, lineLength, lineEnvelopeTimeUs);
    } catch (LineRejectedException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The line's entry; its time must lie in the range events may carry, so that an ancient, far-future or
   * overflowed time is a bad_timestamp reject (with the line kept) rather than a time coerced into the tables.
   */
  private LogEvent parseEntry(byte[] bytes, int offset, int length, long envelopeTimeUs)
      throws LineRejectedException {
    LogEvent event = parser.parse(bytes, offset, length, envelopeTimeUs);
    if (event != null && !Timestamps.inRange(event.timestampUs())) {
      throw new LineRejectedException(RejectReason.BAD_TIMESTAMP, "time " + describe(event.timestampUs())
          + " is outside the range events may carry, [1900-01-01, 2300-01-01)");
    }
    return event;
  }

  private static String describe(long micros) {
    try {
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
          .toString();
    } catch (java.time.DateTimeException e) {
      return micros + " µs since the epoch";
    }
  }

  private void finishSplit() {
    eof = true;
    flushPending();
  }

  private void setLine(byte[] bytes, int offset, int length, long originalLength, long number, int pieces,
      String stream, long envelopeTimeUs) {
    lineBytes = bytes;
    lineOffset = offset;
    lineLength = length;
    lineOriginalLength = originalLength;
    lineNumber = number;
    linePieces = pieces;
    lineStream = stream;
    lineEnvelopeTimeUs = envelopeTimeUs;
  }

  private void unwrapLine() {
    setLine(reader.buffer(), 0, reader.length(), reader.originalLength(), reader.lineNumber(), 1, null,
        Long.MIN_VALUE);
    if (reader.truncated()) {
      ready.add(reject(RejectReason.LINE_TOO_LONG,
          "line of " + reader.originalLength() + " bytes exceeds the limit of " + maxLineBytes + " bytes"));
      return;
    }
    UnwrappedLine piece;
    try {
      piece = envelope.unwrap(reader.buffer(), 0, reader.length());
    } catch (LineRejectedException e) {
      ready.add(reject(e.reason(), e.getMessage()));
      return;
    } catch (RuntimeException e) {
      ready.add(reject(RejectReason.PARSER_ERROR, "envelope failed: " + e));
      return;
    }
    JoinedLine line = joiner.add(piece, reader.lineNumber());
    if (line != null) {
      handleJoined(line);
    }
  }

  private void handleJoined(JoinedLine line) {
    setLine(line.buffer(), line.offset(), line.length(), line.originalLength(), line.firstLineNumber(),
        line.pieces(), line.stream(), line.timeUs());
    handleLine();
  }

  private boolean truncated() {
    return lineOriginalLength > lineLength;
  }

  private void handleLine() {
    boolean folding = multiline && pending != null;
    if (truncated()) {
      if (folding) {
        fold(true);
      } else {
        ready.add(reject(RejectReason.LINE_TOO_LONG,
            "line of " + lineOriginalLength + " bytes exceeds the limit of " + maxLineBytes + " bytes"));
      }
      return;
    }
    boolean blank = Utf8.isBlank(lineBytes, lineOffset, lineLength);
    if (blank && !folding) {
      ready.add(reject(RejectReason.BLANK_LINE, "line is empty or only whitespace"));
      return;
    }
    if (!blank && batches != null && handledAsBatch()) {
      return;
    }
    LogEvent event = null;
    RejectReason reason = null;
    String detail = null;
    if (!blank) {
      try {
        // an entry with no time of its own takes the envelope's, when the line came in one: a line the
        // format reads as an entry is one (a .NET console line); a stack trace line is none, and continues
        event = parseEntry(lineBytes, lineOffset, lineLength, lineEnvelopeTimeUs);
      } catch (LineRejectedException e) {
        reason = e.reason();
        detail = e.getMessage();
      } catch (RuntimeException e) {
        // a parser bug must cost one line, not the task; the reason says it was ours
        reason = RejectReason.PARSER_ERROR;
        detail = "parser failed: " + e;
      }
    }
    if (event != null) {
      addEvent(event, linePieces);
    } else if (folding) {
      fold(false);
    } else {
      ready.add(reject(reason, detail));
    }
  }

  private void addEvent(LogEvent parsed, int lineCount) {
    LogEvent event = withEnvelope(parsed);
    flushPending();
    if (multiline) {
      pending = new Pending(lineNumber, lineCount, event);
    } else {
      ready.add(finish(lineNumber, lineCount, event));
    }
  }

  /**
   * Parses each record of a line that holds several; the line's count goes to its first record, so
   * lines still add up. False when the line is a single record.
   */
  private boolean handledAsBatch() {
    List<byte[]> records;
    try {
      records = batches.split(lineBytes, lineOffset, lineLength);
    } catch (LineRejectedException e) {
      ready.add(reject(e.reason(), e.getMessage()));
      return true;
    } catch (RuntimeException e) {
      ready.add(reject(RejectReason.PARSER_ERROR, "record batch failed: " + e));
      return true;
    }
    if (records == null) {
      return false;
    }
    for (int i = 0; i < records.size(); i++) {
      byte[] record = records.get(i);
      int lineCount = i == 0 ? linePieces : 0;
      try {
        addEvent(parseEntry(record, 0, record.length, Long.MIN_VALUE), lineCount);
      } catch (LineRejectedException e) {
        ready.add(ParsedLine.reject(lineNumber, lineCount,
            new RejectedLine(e.reason(), e.getMessage(), rawText(record, 0, record.length), record.length)));
      } catch (RuntimeException e) {
        ready.add(ParsedLine.reject(lineNumber, lineCount, new RejectedLine(RejectReason.PARSER_ERROR,
            "parser failed: " + e, rawText(record, 0, record.length), record.length)));
      }
    }
    return true;
  }

  private LogEvent withEnvelope(LogEvent event) {
    if (lineStream == null && lineEnvelopeTimeUs == Long.MIN_VALUE) {
      return event;
    }
    Map<String, String> attributes = new LinkedHashMap<>(event.attributes());
    if (lineEnvelopeTimeUs != Long.MIN_VALUE) {
      attributes.put(ENVELOPE_TIME_ATTRIBUTE, Instant.ofEpochSecond(Math.floorDiv(lineEnvelopeTimeUs, 1_000_000L),
          Math.floorMod(lineEnvelopeTimeUs, 1_000_000L) * 1_000L).toString());
    }
    return event.toBuilder().stream(event.stream() != null ? event.stream() : lineStream).attributes(attributes)
        .build();
  }

  private void fold(boolean lineWasCut) {
    Pending entry = pending;
    entry.lineCount += linePieces;
    if (entry.continuation == null) {
      entry.continuation = new StringBuilder(128);
    }
    // the folded text is capped like a line is; the lines beyond still count, their text is dropped
    int room = maxLineBytes - entry.continuation.length() - 1;
    if (room <= 0) {
      entry.cut = true;
      return;
    }
    String text = Utf8.decodeLenient(lineBytes, lineOffset, Math.min(lineLength, room));
    entry.continuation.append('\n').append(text);
    entry.cut |= lineWasCut || lineLength > room;
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
        ExceptionHeadline exception = ExceptionText.find(message);
        if (exception != null) {
          folded.exceptionType(exception.type()).exceptionMessage(exception.message());
        }
      }
      if (entry.cut) {
        Map<String, String> attributes = new LinkedHashMap<>(event.attributes());
        attributes.put("message_truncated", "true");
        folded.attributes(attributes);
      }
      event = folded.build();
    }
    ParsedLine finished = finish(entry.lineNumber, entry.lineCount, event);
    ready.add(finished);
  }

  /**
   * The finished event, or a line_too_costly reject when a configured pattern (a request id or span rule that
   * only java.util.regex can run) spent its step budget on the entry: a per-entry cost guard.
   */
  private ParsedLine finish(long number, int lineCount, LogEvent event) {
    try {
      return ParsedLine.event(number, lineCount, finisher.apply(event.withDefaultOrigin(defaultService,
          defaultInstance)));
    } catch (BoundedRegex.BudgetExceeded e) {
      String message = event.message() == null ? "" : event.message();
      String raw = message.length() > MAX_REJECT_RAW_CHARS ? message.substring(0, MAX_REJECT_RAW_CHARS) : message;
      return ParsedLine.reject(number, lineCount, new RejectedLine(RejectReason.LINE_TOO_COSTLY,
          "entry is too costly: " + e.getMessage(), raw, message.length()));
    }
  }

  private ParsedLine reject(RejectReason reason, String detail) {
    int rawLength = (int) Math.min(Integer.MAX_VALUE, lineOriginalLength);
    return ParsedLine.reject(lineNumber, linePieces,
        new RejectedLine(reason, detail, rawText(lineBytes, lineOffset, lineLength), rawLength));
  }

  private static String rawText(byte[] bytes, int offset, int length) {
    String raw = Utf8.decodeLenient(bytes, offset, Math.min(length, MAX_REJECT_RAW_CHARS * 4));
    return raw.length() > MAX_REJECT_RAW_CHARS ? raw.substring(0, MAX_REJECT_RAW_CHARS) : raw;
  }
}
