package io.tracelake.jobs.run;

import io.tracelake.jobs.warehouse.TableCodecs.EventEntry;
import io.tracelake.model.LogEvent;
import io.tracelake.parsers.ByteHash;
import io.tracelake.parsers.ByteRanges;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.Partitioner;

/**
 * A correlated event as the shuffle carries it: two compact byte arrays, no Java object per event.
 *
 * <p>The KEY sorts as the rebuild reads a trace (trace id, time, file, line: ties in time in the order they were
 * logged), byte by byte: the trace id as UTF-8 closed by a 0 byte (so a prefix sorts first, as Spark orders
 * strings), the time and the line as longs big-endian with the sign bit flipped ({@link SortedByTrace} compares keys
 * as unsigned bytes), and the file as its number in the run's {@link SourceFiles}, four bytes big-endian; a file not
 * listed there has {@link SourceFiles#UNLISTED} followed by its URI closed by a 0 byte. The VALUE holds the rest of
 * the event (but its source, which its file gives) and whether it is a neighbour day's margin event (used for the
 * rebuild, not written as the day's): the margin flag, the time source, one length byte for each of the
 * {@value #STRINGS} string fields, the numbers (line count, HTTP status + 1, whether there is a duration, the
 * duration) as varints, the strings' bytes, then the attributes: their count as a varint, a length byte for each
 * name and value (name, value, name, ...), then their bytes in that order. A length byte is 0 for null, the length
 * + 1 up to {@value #SHORT_STRING} bytes, else {@value #LONG_STRING} with the length as a varint before the string's
 * bytes: a reader finds every string from bytes at fixed places, not from a chain of varints each of which says
 * where the next one is.
 */
final class EventRecords {

  // the value's string fields by number, the order their bytes follow one another in
  static final int LEVEL = 0;
  static final int SERVICE = 1;
  static final int INSTANCE = 2;
  static final int LOGGER = 3;
  static final int THREAD = 4;
  static final int MESSAGE = 5;
  static final int SPAN_ID = 6;
  static final int PARENT_SPAN_ID = 7;
  static final int REQUEST_ID = 8;
  static final int EXCEPTION_TYPE = 9;
  static final int EXCEPTION_MESSAGE = 10;
  static final int HTTP_METHOD = 11;
  static final int HTTP_PATH = 12;
  static final int STREAM = 13;
  /** The value's string fields, each with a length byte at {@link #STRING_LENGTHS} + its number. */
  static final int STRINGS = 14;
  /** Where the value's length bytes begin: after the margin flag and the time source. */
  static final int STRING_LENGTHS = 2;
  /** The longest string a length byte holds. */
  static final int SHORT_STRING = 253;
  /** The length byte of a longer string, whose length is then a varint before its bytes. */
  static final int LONG_STRING = 0xFF;

  private EventRecords() {}

  /** Spreads traces over the partitions by the hash of their id: every event of a trace in one partition. */
  static final class ByTrace extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    ByTrace(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      byte[] k = (byte[]) key;
      return Math.floorMod(ByteHash.of(k, 0, indexOfZero(k, 0)), partitions);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ByTrace o && o.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }

  /** A copy of a key's trace id with its closing 0 byte: what {@link #sameTrace} compares the next keys with. */
  static byte[] traceIdOf(byte[] key) {
    return Arrays.copyOf(key, indexOfZero(key, 0) + 1);
  }

  /**
   * Whether two keys (or a key and a {@link #traceIdOf}) have the same trace id: what tells one trace's run of
   * records from the next. {@code b} may be longer than its key.
   */
  static boolean sameTrace(byte[] a, byte[] b) {
    int end = indexOfZero(a, 0);
    return b.length > end && b[end] == 0 && ByteRanges.equal(a, 0, b, 0, end);
  }

  /**
   * Encodes the records of one reader: the value is built in one buffer reused from event to event (copied out
   * once, at its size). Each place a string goes in the value (a field; an attribute's name or value by its
   * position among the event's attributes) remembers the last String written there and its UTF-8 bytes: parsers
   * hand out one String for a value that repeats from line to line (a logger, a thread, a host, an attribute's
   * name), which is then encoded once.
   */
  static final class Encoder {
    /** The value's string fields, then two places (name, value) for each of the first attributes. */
    private static final int PLACES = STRINGS + 2 * 32;
    private final Buffer out = new Buffer();
    private final String[] lastStrings = new String[PLACES];
    private final byte[][] lastUtf8 = new byte[PLACES][];

    /** The key of an event read from file {@code file} of the run's {@link SourceFiles}. */
    byte[] key(String traceId, long tsUs, int file, long lineNumber) {
      return key(traceId, tsUs, file, null, lineNumber);
    }

    /** The key of an event read from a file the run does not list (a neighbour's committed events name those). */
    byte[] key(String traceId, long tsUs, String unlistedUri, long lineNumber) {
      return key(traceId, tsUs, SourceFiles.UNLISTED, unlistedUri.getBytes(StandardCharsets.UTF_8), lineNumber);
    }

    private static byte[] key(String traceId, long tsUs, int file, byte[] uri, long lineNumber) {
      byte[] trace = traceId.getBytes(StandardCharsets.UTF_8);
      byte[] key = new byte[trace.length + 1 + 8 + 4 + (uri == null ? 0 : uri.length + 1) + 8];
      System.arraycopy(trace, 0, key, 0, trace.length);
      int at = trace.length + 1;
      putLong(key, at, tsUs ^ Long.MIN_VALUE);
      at += 8;
      putInt(key, at, file);
      at += 4;
      if (uri != null) {
        System.arraycopy(uri, 0, key, at, uri.length);
        at += uri.length + 1;
      }
      putLong(key, at, lineNumber ^ Long.MIN_VALUE);
      return key;
    }

    byte[] value(EventEntry entry, boolean margin) {
      LogEvent e = entry.event();
      out.reset();
      out.writeByte(margin ? 1 : 0);
      out.writeByte(e.timeSource().ordinal());
      out.skip(STRINGS); // the length bytes, set as each string is written
      out.writeVarLong(entry.lineCount());
      out.writeVarLong(e.httpStatus() == null ? 0 : e.httpStatus() + 1L);
      out.writeByte(e.durationUs() == null ? 0 : 1);
      out.writeVarLong(e.durationUs() == null ? 0 : e.durationUs());
      field(LEVEL, e.level());
      field(SERVICE, e.service());
      field(INSTANCE, e.instance());
      field(LOGGER, e.logger());
      field(THREAD, e.thread());
      field(MESSAGE, e.message());
      field(SPAN_ID, e.spanId());
      field(PARENT_SPAN_ID, e.parentSpanId());
      field(REQUEST_ID, e.requestId());
      field(EXCEPTION_TYPE, e.exceptionType());
      field(EXCEPTION_MESSAGE, e.exceptionMessage());
      field(HTTP_METHOD, e.httpMethod());
      field(HTTP_PATH, e.httpPath());
      field(STREAM, e.stream());
      Map<String, String> attributes = e.attributes();
      out.writeVarLong(attributes.size());
      int lengthAt = out.size();
      out.skip(2 * attributes.size());
      int place = STRINGS;
      for (Map.Entry<String, String> attribute : attributes.entrySet()) {
        string(lengthAt++, place++, attribute.getKey());
        string(lengthAt++, place++, attribute.getValue());
      }
      return out.toByteArray();
    }

    /** Writes string field {@code field} (null too). */
    private void field(int field, String s) {
      string(STRING_LENGTHS + field, field, s);
    }

    /**
     * Writes {@code s} (null too), the string at {@code place}: its length byte at {@code lengthAt}, then its bytes
     * (a long one's length first).
     */
    private void string(int lengthAt, int place, String s) {
      if (s == null) {
        out.setByte(lengthAt, 0);
        return;
      }
      byte[] utf8 = utf8(place, s);
      if (utf8.length <= SHORT_STRING) {
        out.setByte(lengthAt, utf8.length + 1);
      } else {
        out.setByte(lengthAt, LONG_STRING);
        out.writeVarLong(utf8.length);
      }
      out.writeBytes(utf8);
    }

    /**
     * The UTF-8 bytes of {@code s}, written at {@code place}: the last ones written there when it is the same String.
     */
    private byte[] utf8(int place, String s) {
      if (place < PLACES && s == lastStrings[place]) {
        return lastUtf8[place];
      }
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      if (place < PLACES) {
        lastStrings[place] = s;
        lastUtf8[place] = utf8;
      }
      return utf8;
    }
  }

  /** Where the 0 byte closing the key's string that begins at {@code from} is. */
  static int indexOfZero(byte[] bytes, int from) {
    int i = from;
    while (bytes[i] != 0) {
      i++;
    }
    return i;
  }

  private static void putLong(byte[] bytes, int at, long value) {
    for (int i = 7; i >= 0; i--) {
      bytes[at + i] = (byte) value;
      value >>>= 8;
    }
  }

  static void putInt(byte[] bytes, int at, int value) {
    for (int i = 3; i >= 0; i--) {
      bytes[at + i] = (byte) value;
      value >>>= 8;
    }
  }

  static int getInt(byte[] bytes, int at) {
    return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
        | (bytes[at + 3] & 0xff);
  }

  static long getLong(byte[] bytes, int at) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[at + i] & 0xff);
    }
    return value;
  }

  private static final class Buffer {
    private byte[] bytes = new byte[256];
    private int size;

    void writeByte(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    void writeVarLong(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        bytes[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      bytes[size++] = (byte) v;
    }

    void writeBytes(byte[] utf8) {
      ensure(utf8.length);
      System.arraycopy(utf8, 0, bytes, size, utf8.length);
      size += utf8.length;
    }

    void reset() {
      size = 0;
    }

    /** Leaves {@code n} bytes to be set later ({@link #setByte}). */
    void skip(int n) {
      ensure(n);
      size += n;
    }

    void setByte(int at, int b) {
      bytes[at] = (byte) b;
    }

    int size() {
      return size;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }
}
