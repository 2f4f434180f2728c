package io.tracelake.jobs.run;

import static io.tracelake.jobs.run.EventRecords.LEVEL;
import static io.tracelake.jobs.run.EventRecords.SERVICE;
import static io.tracelake.jobs.run.EventRecords.INSTANCE;
import static io.tracelake.jobs.run.EventRecords.LOGGER;
import static io.tracelake.jobs.run.EventRecords.THREAD;
import static io.tracelake.jobs.run.EventRecords.MESSAGE;
import static io.tracelake.jobs.run.EventRecords.SPAN_ID;
import static io.tracelake.jobs.run.EventRecords.PARENT_SPAN_ID;
import static io.tracelake.jobs.run.EventRecords.REQUEST_ID;
import static io.tracelake.jobs.run.EventRecords.EXCEPTION_TYPE;
import static io.tracelake.jobs.run.EventRecords.EXCEPTION_MESSAGE;
import static io.tracelake.jobs.run.EventRecords.HTTP_METHOD;
import static io.tracelake.jobs.run.EventRecords.HTTP_PATH;
import static io.tracelake.jobs.run.EventRecords.STREAM;
import static io.tracelake.jobs.run.EventRecords.STRINGS;

import io.tracelake.jobs.warehouse.RowCodec;
import io.tracelake.model.LogEvent;
import io.tracelake.model.TimeSource;
import io.tracelake.model.schema.Tables;
import io.tracelake.model.trace.SourcePosition;
import io.tracelake.model.trace.SpanMarkers;
import io.tracelake.parsers.ByteHash;
import io.tracelake.parsers.ByteRanges;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.parquet.io.api.Binary;

/**
 * One shuffled event ({@link EventRecords}' key and value) read in place: the bytes of each field are located
 * once, the events table's row is written from those bytes as they are (no String made and encoded again), and
 * the rebuild's event decodes only the fields the rebuild reads.
 */
final class EventRecord implements RowCodec.Utf8Fields, RowCodec.NumberFields {

  // the key's trace id and the value's attributes, numbered after the strings for RowCodec.Utf8Fields
  private static final int TRACE_ID = STRINGS;
  private static final int ATTRIBUTES = STRINGS + 1;
  // the number fields, for RowCodec.NumberFields
  private static final int TS = 0;
  private static final int LINE_NUMBER = 1;
  private static final int LINE_COUNT = 2;
  private static final int HTTP_STATUS = 3;
  private static final int DURATION_US = 4;
  private static final TimeSource[] TIME_SOURCES = TimeSource.values();

  /** The events table's row from a record: every column bound by name, strings as the record's UTF-8 bytes. */
  static final RowCodec<EventRecord> EVENTS = RowCodec.of(Tables.EVENTS, EventRecord.class)
      .timestampInPlace("ts", TS)
      .utf8InPlace("level", LEVEL)
      .utf8InPlace("service", SERVICE)
      .utf8InPlace("instance", INSTANCE)
      .utf8InPlace("logger", LOGGER)
      .utf8InPlace("thread", THREAD)
      .utf8InPlace("message", MESSAGE)
      .utf8InPlace("trace_id", TRACE_ID)
      .utf8InPlace("span_id", SPAN_ID)
      .utf8InPlace("parent_span_id", PARENT_SPAN_ID)
      .utf8MapInPlace("attributes", ATTRIBUTES)
      .utf8("source", EventRecord::source)
      .utf8("source_file", EventRecord::sourceFile)
      .int64InPlace("line_number", LINE_NUMBER)
      .int32InPlace("line_count", LINE_COUNT)
      .utf8InPlace("request_id", REQUEST_ID)
      .utf8InPlace("exception_type", EXCEPTION_TYPE)
      .utf8InPlace("exception_message", EXCEPTION_MESSAGE)
      .utf8InPlace("http_method", HTTP_METHOD)
      .utf8InPlace("http_path", HTTP_PATH)
      .int32InPlace("http_status", HTTP_STATUS)
      .int64InPlace("duration_us", DURATION_US)
      .utf8InPlace("stream", STREAM)
      .string("time_source", r -> r.timeSource.code())
      .build();

  /** The run's files, which the key names by number. */
  private final SourceFiles files;
  /** Per file, its URI and its source's name as the page writer takes them, made once per file. */
  private final Binary[] fileUris;
  private final Binary[] sourceNames;
  // the record read last (read reuses the object: a partition's pass allocates no record object per event)
  private byte[] key;
  private byte[] value;
  private int traceEnd;
  /** The file's number in {@link #files}, or {@link SourceFiles#UNLISTED} with its URI in the key [uriStart, uriEnd). */
  private int file;
  private int uriStart;
  private int uriEnd;
  /** Where the line number starts in the key. */
  private int lineAt;
  /** Where each string starts in the value, and its length in bytes (-1: null). */
  private final int[] start = new int[STRINGS];
  private final int[] length = new int[STRINGS];
  /** Where the attributes' length bytes start in the value, and their bytes. */
  private int attributeLengths;
  private int attributesStart;
  /**
   * Where the value is being read: a field rather than a local so that the helpers below move it without an object
   * per record (the launcher turns C2's escape analysis off).
   */
  private int at;
  private int attributeCount;
  private TimeSource timeSource;
  private int lineCount;
  /** The HTTP status + 1, or 0 when the event has none (as the record holds it). */
  private long httpStatusPlusOne;
  private boolean hasDuration;
  private long durationUs;

  EventRecord(SourceFiles files, byte[] key, byte[] value) {
    this(files);
    read(key, value);
  }

  EventRecord(SourceFiles files) {
    this.files = files;
    this.fileUris = new Binary[files.size()];
    this.sourceNames = new Binary[files.size()];
  }

  /**
   * Makes this the record whose key and value begin these arrays (which may be longer: the records' own
   * structure, zero-closed strings in the key and length-prefixed fields in the value, says where each ends).
   * The arrays are read in place, not copied: they must not change while this record is in use.
   */
  EventRecord read(byte[] key, byte[] value) {
    this.key = key;
    this.value = value;
    this.traceEnd = EventRecords.indexOfZero(key, 0);
    int fileAt = traceEnd + 1 + 8; // after the trace id's closing 0 and the time
    this.file = EventRecords.getInt(key, fileAt);
    if (file == SourceFiles.UNLISTED) {
      this.uriStart = fileAt + 4;
      this.uriEnd = EventRecords.indexOfZero(key, uriStart);
      this.lineAt = uriEnd + 1;
    } else {
      this.lineAt = fileAt + 4;
    }
    this.timeSource = TIME_SOURCES[value[1]];
    at = EventRecords.STRING_LENGTHS + STRINGS;
    this.lineCount = (int) readVarLong();
    this.httpStatusPlusOne = readVarLong();
    this.hasDuration = value[at++] == 1;
    this.durationUs = readVarLong();
    for (int i = 0; i < STRINGS; i++) {
      int n = stringLength(EventRecords.STRING_LENGTHS + i);
      start[i] = at;
      length[i] = n;
      at += Math.max(0, n);
    }
    // the attributes end the value: where they start is all a reader needs until it reads them
    this.attributeCount = (int) readVarLong();
    this.attributeLengths = at;
    this.attributesStart = at + 2 * attributeCount;
    return this;
  }

  /** Whether the event is a neighbour day's margin event (rebuilt with, not written as, the day's). */
  boolean isMargin() {
    return value[0] == 1;
  }

  long timestampUs() {
    return EventRecords.getLong(key, traceEnd + 1) ^ Long.MIN_VALUE;
  }

  long lineNumber() {
    return EventRecords.getLong(key, lineAt) ^ Long.MIN_VALUE;
  }

  /** The URI of the file the line was read from. */
  private String sourceFileUri() {
    return file == SourceFiles.UNLISTED
        ? new String(key, uriStart, uriEnd - uriStart, StandardCharsets.UTF_8) : files.uri(file);
  }

  private Binary sourceFile() {
    if (file == SourceFiles.UNLISTED) {
      return Binary.fromConstantByteArray(key, uriStart, uriEnd - uriStart);
    }
    Binary uri = fileUris[file];
    return uri != null ? uri : (fileUris[file] = Binary.fromConstantByteArray(files.utf8(file)));
  }

  /**
   * The name of the source the line was read as; null for an unlisted file, whose events (a neighbour's margin) are
   * rebuilt with the day's but never written.
   */
  private Binary source() {
    if (file == SourceFiles.UNLISTED) {
      return null;
    }
    Binary name = sourceNames[file];
    return name != null ? name
        : (sourceNames[file] = Binary.fromString(files.source(file)));
  }

  @Override
  public boolean hasNumber(int field) {
    return switch (field) {
      case HTTP_STATUS -> httpStatusPlusOne != 0;
      case DURATION_US -> hasDuration;
      default -> true;
    };
  }

  @Override
  public long number(int field) {
    return switch (field) {
      case TS -> timestampUs();
      case LINE_NUMBER -> lineNumber();
      case LINE_COUNT -> lineCount;
      case HTTP_STATUS -> httpStatusPlusOne - 1;
      case DURATION_US -> durationUs;
      default -> throw new IllegalArgumentException("an event record has no number field " + field);
    };
  }

  /** Gives a string field's bytes where they lie in the value (the trace id's in the key); false when it is null. */
  @Override
  public boolean giveUtf8(int field, RowCodec.Utf8Sink sink) {
    if (field == TRACE_ID) {
      sink.utf8(key, 0, traceEnd);
      return true;
    }
    if (length[field] < 0) {
      return false;
    }
    sink.utf8(value, start[field], length[field]);
    return true;
  }

  private String string(int field) {
    return length[field] < 0 ? null : new String(value, start[field], length[field], StandardCharsets.UTF_8);
  }

  /**
   * A field whose values are few (a level, a service, an instance, a logger, a thread) as one String per distinct
   * value: the rebuild and the aggregates look services up in maps many times per trace, and a String met again
   * has its hash already and is equal to itself at the first test.
   */
  private String fewValued(int field) {
    return length[field] < 0 ? null : fewValues.text(value, start[field], length[field]);
  }

  private final FewValues fewValues = new FewValues();

  /**
   * The last Strings made from short texts, by a hash of their bytes: a collision replaces the older one. A day's
   * levels, services, instances, loggers and threads are a few hundred texts, logger names up to a hundred bytes
   * and more: with 1,024 slots few of them collide (each collision a String and a copy made again, per event).
   */
  private static final class FewValues {
    private static final int SIZE = 1024; // a power of two
    private static final int MAX_BYTES = 160;
    private final byte[][] bytes = new byte[SIZE][];
    private final String[] texts = new String[SIZE];

    String text(byte[] from, int at, int length) {
      if (length > MAX_BYTES) {
        return new String(from, at, length, StandardCharsets.UTF_8);
      }
      int slot = ByteHash.of(from, at, length) & (SIZE - 1);
      byte[] known = bytes[slot];
      if (known != null && known.length == length && ByteRanges.equal(known, 0, from, at, length)) {
        return texts[slot];
      }
      String text = new String(from, at, length, StandardCharsets.UTF_8);
      bytes[slot] = Arrays.copyOfRange(from, at, at + length);
      texts[slot] = text;
      return text;
    }
  }

  /**
   * Gives the attributes where they lie in the value, in the order the parse gave them. Their names are distinct:
   * the record was written from a map ({@link EventRecords.Encoder#value}).
   */
  @Override
  public void giveEntries(int field, RowCodec.Utf8EntrySink sink) {
    if (field != ATTRIBUTES) {
      throw new IllegalArgumentException("an event record has no map field " + field);
    }
    at = attributesStart;
    for (int i = 0; i < attributeCount; i++) {
      int keyLength = stringLength(attributeLengths + 2 * i);
      if (keyLength < 0) {
        throw new IllegalStateException("an attribute without a name in the event at line " + lineNumber());
      }
      int keyStart = at;
      at += keyLength;
      int valueLength = stringLength(attributeLengths + 2 * i + 1);
      sink.entry(value, keyStart, keyLength, at, valueLength);
      at += Math.max(0, valueLength);
    }
  }

  /** Access logs' request authority (Host): names the callee on a client-side line. */
  private static final String AUTHORITY = "authority";
  private static final String CONTEXT_SOURCE = "trace_context_source";
  private static final String[] REBUILD_ATTRIBUTES = {SpanMarkers.SPAN_EVENT, SpanMarkers.SPAN_NAME,
      SpanMarkers.SPAN_KIND, SpanMarkers.PEER_SERVICE, SpanMarkers.STATUS_CODE, CONTEXT_SOURCE, AUTHORITY};
  private static final byte[][] REBUILD_ATTRIBUTE_BYTES = new byte[REBUILD_ATTRIBUTES.length][];
  /** The names of a rebuild event's attributes: those the rebuild reads, then where its line was read. */
  private static final String[] FOR_REBUILD = Stream.concat(Arrays.stream(REBUILD_ATTRIBUTES),
      Stream.of(SourcePosition.FILE_ATTRIBUTE, SourcePosition.LINE_ATTRIBUTE)).toArray(String[]::new);
  private static final int FILE_SLOT = REBUILD_ATTRIBUTES.length;
  private static final int LINE_SLOT = REBUILD_ATTRIBUTES.length + 1;

  static {
    for (int i = 0; i < REBUILD_ATTRIBUTES.length; i++) {
      REBUILD_ATTRIBUTE_BYTES[i] = REBUILD_ATTRIBUTES[i].getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The trace id, as text. */
  String traceId() {
    return new String(key, 0, traceEnd, StandardCharsets.UTF_8);
  }

  /**
   * The event as the rebuild sees it: the fields it reads, the attributes it reads, and where the line was read
   * (what tells a line shipped twice from one logged twice).
   *
   * @param traceId this record's {@link #traceId()}, made once for all the events of its trace
   */
  LogEvent forRebuild(String traceId) {
    RebuildAttributes attributes = new RebuildAttributes(FOR_REBUILD);
    at = attributesStart;
    for (int i = 0; i < attributeCount; i++) {
      int keyLength = stringLength(attributeLengths + 2 * i);
      int keyStart = at;
      at += Math.max(0, keyLength);
      int valueLength = stringLength(attributeLengths + 2 * i + 1);
      int valueStart = at;
      at += Math.max(0, valueLength);
      int slot = keyLength < 0 ? -1 : rebuildAttribute(keyStart, keyLength);
      if (slot >= 0) {
        // a null value takes the name out, as a map of all the attributes would hold it
        attributes.set(slot, valueLength < 0 ? null : fewValues.text(value, valueStart, valueLength));
      }
    }
    attributes.set(FILE_SLOT, sourceFileUri());
    attributes.set(LINE_SLOT, Long.toString(lineNumber()));
    // the record's own constructor, not a builder: one object fewer per event (the launcher runs C2 without escape
    // analysis, which would otherwise have taken the builder apart); the fields the rebuild never reads stay null
    return new LogEvent(timestampUs(), fewValued(LEVEL), fewValued(SERVICE), fewValued(INSTANCE), fewValued(LOGGER),
        fewValued(THREAD), string(MESSAGE), traceId, string(SPAN_ID), string(PARENT_SPAN_ID), null,
        string(EXCEPTION_TYPE), null, string(HTTP_METHOD), string(HTTP_PATH),
        httpStatusPlusOne == 0 ? null : (int) (httpStatusPlusOne - 1), hasDuration ? durationUs : null, null,
        attributes, TimeSource.LINE);
  }

  /**
   * The place in {@link #REBUILD_ATTRIBUTES} of the attribute whose name's bytes are there, or -1 when the rebuild
   * does not read it.
   */
  private int rebuildAttribute(int from, int length) {
    for (int i = 0; i < REBUILD_ATTRIBUTE_BYTES.length; i++) {
      byte[] name = REBUILD_ATTRIBUTE_BYTES[i];
      if (name.length == length && ByteRanges.equal(name, 0, value, from, length)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The length of the string whose length byte is at {@code lengthAt} (-1: null); a long string's varint length is
   * read at {@link #at}, which moves past it.
   */
  private int stringLength(int lengthAt) {
    int lengthByte = value[lengthAt] & 0xFF;
    return lengthByte == EventRecords.LONG_STRING ? (int) readVarLong() : lengthByte - 1;
  }

  /** The varint at {@link #at}, which moves past it; one byte (every length under 127) takes the short way. */
  private long readVarLong() {
    byte b = value[at++];
    if (b >= 0) {
      return b;
    }
    long result = b & 0x7F;
    for (int shift = 7; ; shift += 7) {
      b = value[at++];
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
  }
}
