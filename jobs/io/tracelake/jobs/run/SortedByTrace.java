package io.tracelake.jobs.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.UnsafeAlignedOffset;
import org.apache.spark.util.collection.unsafe.sort.PrefixComparators;
import org.apache.spark.util.collection.unsafe.sort.RecordComparator;
import org.apache.spark.util.collection.unsafe.sort.UnsafeExternalSorter;
import org.apache.spark.util.collection.unsafe.sort.UnsafeSorterIterator;
import scala.Tuple2;

/**
 * A shuffle partition's records in key order (trace, time, file, line: {@link EventRecords}), sorted as bytes in
 * Spark's memory pages by its {@link UnsafeExternalSorter}, the sorter Spark SQL sorts rows with: records copied
 * into a few large pages instead of held as two arrays and a tuple each (which lived long enough to be copied by
 * every young collection and then promoted), and spills as raw bytes when the task's execution memory is full, so
 * memory stays bounded whatever the size of a trace or a partition.
 *
 * <p>In two steps. The sorter orders the records by a number read from their key alone (the prefix, {@link
 * #prefix}), with a radix sort of its array of pointers: a few sequential passes, no record read. Then each run of
 * records sharing a prefix (one trace, or a few whose ids begin alike) is copied out of the pages and sorted by the
 * whole key here, where its records lie together in the cache. Sorting by the whole key in the sorter, as before,
 * read two records scattered over the partition's pages at every comparison within a trace (all its events share
 * the prefix): two thirds of the sort's time went to those reads. A run too long to hold ({@link #maxRunRecords},
 * {@link #MAX_RUN_BYTES}: a giant trace, or a partition of ids that all begin alike) goes to a second sorter that
 * compares whole keys and spills, as the first does.
 */
final class SortedByTrace {

  /** Spark's own setting for its sorters: spill after this many records (by default only when memory is full). */
  static final String SPILL_AFTER_KEY = "spark.shuffle.spill.numElementsForceSpillThreshold";
  /** A run of records sharing a prefix is sorted here up to this many records; a longer one by a second sorter. */
  static final int MAX_RUN_RECORDS = 1 << 16;
  /** ... and up to this many bytes. */
  static final int MAX_RUN_BYTES = 16 << 20;
  private static final int SIZE_BYTES = UnsafeAlignedOffset.getUaoSize();
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private final UnsafeExternalSorter sorter;
  private final UnsafeSorterIterator sorted;
  private final int spillAfter;
  private final int maxRunRecords;
  private byte[] key = new byte[256];
  private byte[] value = new byte[1024];
  private int keyLength;
  private int valueLength;

  /**
   * The run being read: its records end to end in {@link #arena} (key length, value length, key, value), where
   * each begins in {@link #at}, and their order by key in {@link #order}; {@link #next} is the next to give.
   */
  private byte[] arena = new byte[1 << 16];
  private int arenaSize;
  private int[] at = new int[256];
  private int[] order = new int[256];
  private int[] scratch = new int[256];
  private int runSize;
  private int next;
  /** Whether the sorter's current record (loaded, not yet copied) begins the next run. */
  private boolean pending;
  /** The second sorter of a run too long to hold, and its iterator, while that run is read. */
  private UnsafeExternalSorter longRun;
  private UnsafeSorterIterator longRunSorted;

  private SortedByTrace(UnsafeExternalSorter sorter, int spillAfter, int maxRunRecords) throws IOException {
    this.sorter = sorter;
    this.sorted = sorter.getSortedIterator();
    this.spillAfter = spillAfter;
    this.maxRunRecords = maxRunRecords;
  }

  /**
   * Sorts the records of the running task (they are read to the end first); its memory is freed when the task
   * ends, or before by {@link #close}.
   */
  static SortedByTrace sort(Iterator<Tuple2<byte[], byte[]>> records) throws IOException {
    SparkEnv env = SparkEnv.get();
    return sort(records, env.conf().getInt(SPILL_AFTER_KEY, Integer.MAX_VALUE), MAX_RUN_RECORDS);
  }

  static SortedByTrace sort(Iterator<Tuple2<byte[], byte[]>> records, int spillAfter, int maxRunRecords)
      throws IOException {
    UnsafeExternalSorter sorter = newSorter(spillAfter, true);
    long inMemory = 0;
    while (records.hasNext()) {
      Tuple2<byte[], byte[]> record = records.next();
      byte[] key = record._1();
      byte[] value = record._2();
      if (inMemory++ == spillAfter) {
        // as the sorter's insertRecord would (its insertKVRecord does not count)
        sorter.spill();
        inMemory = 1;
      }
      sorter.insertKVRecord(key, Platform.BYTE_ARRAY_OFFSET, key.length, value, Platform.BYTE_ARRAY_OFFSET,
          value.length, prefix(key), false);
    }
    return new SortedByTrace(sorter, spillAfter, maxRunRecords);
  }

  /**
   * A sorter of the running task's memory: by prefix alone with a radix sort ({@code byPrefix}), or by prefix and
   * then whole key ({@link KeyOrder}). Spilled runs merge by prefix and whole key either way.
   */
  private static UnsafeExternalSorter newSorter(int spillAfter, boolean byPrefix) {
    TaskContext task = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    return UnsafeExternalSorter.create(task.taskMemoryManager(), env.blockManager(), env.serializerManager(), task,
        KeyOrder::new, PrefixComparators.BINARY, 4096, env.memoryManager().pageSizeBytes(), spillAfter, byPrefix);
  }

  /** Trace ids are 32 hex digits; the prefix reads no further. */
  private static final int ID_DIGITS = 32;
  /**
   * Digits the prefix holds after its top byte: 6 × 4 bits, so that the prefix is the top 4 of its 8 bytes. The
   * radix sort makes one pass per byte that differs between records: 14 digits took 8 passes, these take 3 on a
   * day of 128-bit ids, and 2^24 values still tell apart the traces of a partition but a few, whose records the
   * run's sort by whole key separates.
   */
  private static final int PREFIX_DIGITS = 6;
  /** The top byte of a wide id's prefix: above any narrow id's count of significant digits (at most 16). */
  private static final int WIDE = ID_DIGITS;

  /**
   * The sorter's prefix of a key: a number that never orders two keys against their bytes' order (unsigned), and
   * that tells apart the traces of a partition. A key's first 8 bytes, the obvious prefix, told apart none of a
   * day whose ids are 64-bit (Zipkin's B3, Datadog's), which are 32 digits beginning with 16 zeros: every run
   * would have been a whole partition. So the trace id, 32 lowercase hex digits, is read as a number and its
   * prefix of a narrow id (a 64-bit one, 16 zeros first) is the count of its significant digits (after its leading
   * zeros) in the top byte, then its first 6 significant digits, then zeros; that of a wide id (a digit other than
   * 0 among the first 16) is a top byte above every count, then its first 6 digits as written. A larger number
   * never gets a smaller prefix, ids of either width spread over the prefixes, and the ids of a day of one width
   * share the top byte (a 128-bit id begins with a zero one time in 16), so the radix sort makes no pass over it.
   *
   * <p>An id that is not 32 hex digits (the parse always makes one, but a key is any bytes) reads as the 32-digit
   * id next to it in byte order: its hex digits, and where they stop at a byte {@code c}, the rest of the digits
   * as 0 when {@code c} sorts before '0' (the end of a shorter id, a dash), as f when after 'f', and as 9 then f
   * when between '9' and 'a' (upper case). Every id with those first digits sorts after it, before it, or around
   * it in the same way, so the order still holds; ids longer than 32 digits read their first 32.
   */
  static long prefix(byte[] key) {
    int significant = -1; // where the first digit other than 0 is, once seen
    long digits = 0;
    int taken = 0;
    long leading = 0; // the first digits as written, zeros and all
    int fill = -1; // the digit the rest reads as, once the id's own digits stop
    for (int i = 0; i < ID_DIGITS; i++) {
      int digit;
      if (fill >= 0) {
        digit = fill;
      } else {
        int c = i < key.length ? key[i] & 0xff : 0; // the end of the bytes sorts as a byte below '0'
        if (c >= '0' && c <= '9') {
          digit = c - '0';
        } else if (c >= 'a' && c <= 'f') {
          digit = c - 'a' + 10;
        } else {
          fill = c < '0' ? 0 : c > 'f' ? 15 : -2;
          if (fill == -2) { // between '9' and 'a': the largest id whose next digit is 9
            fill = 15;
            digit = 9;
          } else {
            digit = fill;
          }
        }
      }
      if (i < PREFIX_DIGITS) {
        leading = (leading << 4) | digit;
      }
      if (significant < 0 && digit != 0) {
        significant = i;
      }
      if (significant >= 0 && taken < PREFIX_DIGITS) {
        digits = (digits << 4) | digit;
        taken++;
      }
      if (significant >= 0 && significant < ID_DIGITS / 2 && i >= PREFIX_DIGITS - 1) {
        return (long) WIDE << 56 | leading << 32;
      }
    }
    digits <<= 4 * (PREFIX_DIGITS - taken);
    long count = significant < 0 ? 0 : ID_DIGITS - significant;
    return count << 56 | digits << 32;
  }

  /**
   * Moves to the next record, false after the last: its key and value are then copied into {@link #key} and
   * {@link #value}, buffers reused from record to record (valid until the next call), so reading a partition
   * allocates nothing per record.
   */
  boolean advance() {
    try {
      if (longRunSorted != null) {
        if (longRunSorted.hasNext()) {
          longRunSorted.loadNext();
          give(longRunSorted);
          return true;
        }
        longRun.cleanupResources();
        longRun = null;
        longRunSorted = null;
      }
      if (next == runSize && !readRun()) {
        return false;
      }
      if (longRunSorted != null) {
        return advance();
      }
      int record = at[order[next++]];
      keyLength = EventRecords.getInt(arena, record);
      valueLength = EventRecords.getInt(arena, record + 4);
      ensureRoom();
      System.arraycopy(arena, record + 8, key, 0, keyLength);
      System.arraycopy(arena, record + 8 + keyLength, value, 0, valueLength);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back the sorted events", e);
    }
  }

  /**
   * Reads the next run of records sharing a prefix and sorts it by key; false when the sorter has none left. A run
   * too long to hold goes to {@link #longRun} instead.
   */
  private boolean readRun() throws IOException {
    runSize = 0;
    next = 0;
    arenaSize = 0;
    if (!pending) {
      if (!sorted.hasNext()) {
        return false;
      }
      sorted.loadNext();
    }
    pending = false;
    long prefix = sorted.getKeyPrefix();
    do {
      if (runSize == maxRunRecords || arenaSize + (long) sorted.getRecordLength() + 8 > MAX_RUN_BYTES) {
        sortLongRun(prefix);
        return true;
      }
      hold(sorted);
    } while (nextInRun(prefix));
    sortRun();
    return true;
  }

  /** Copies the iterator's current record to the end of the run. */
  private void hold(UnsafeSorterIterator records) {
    Object base = records.getBaseObject();
    long offset = records.getBaseOffset();
    int keyBytes = UnsafeAlignedOffset.getSize(base, offset);
    int valueBytes = records.getRecordLength() - keyBytes - SIZE_BYTES;
    int size = 8 + keyBytes + valueBytes;
    if (arenaSize + size > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arenaSize + size, 2 * arena.length));
    }
    if (runSize == at.length) {
      at = Arrays.copyOf(at, 2 * runSize);
      order = new int[2 * runSize];
      scratch = new int[2 * runSize];
    }
    EventRecords.putInt(arena, arenaSize, keyBytes);
    EventRecords.putInt(arena, arenaSize + 4, valueBytes);
    Platform.copyMemory(base, offset + SIZE_BYTES, arena, Platform.BYTE_ARRAY_OFFSET + arenaSize + 8,
        keyBytes + valueBytes);
    at[runSize++] = arenaSize;
    arenaSize += size;
  }

  /** Orders the run by key, records of equal keys in the order they came (a merge sort: stable). */
  private void sortRun() {
    for (int i = 0; i < runSize; i++) {
      order[i] = i;
    }
    mergeSort(order, scratch, 0, runSize);
  }

  private void mergeSort(int[] a, int[] tmp, int from, int to) {
    if (to - from <= 16) {
      for (int i = from + 1; i < to; i++) { // insertion sort: stable, and quickest on short or ordered runs
        int record = a[i];
        int j = i - 1;
        while (j >= from && compareHeld(a[j], record) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = record;
      }
      return;
    }
    int middle = (from + to) >>> 1;
    mergeSort(a, tmp, from, middle);
    mergeSort(a, tmp, middle, to);
    if (compareHeld(a[middle - 1], a[middle]) <= 0) {
      return; // already in order: a trace's events mostly arrive so
    }
    System.arraycopy(a, from, tmp, from, to - from);
    int left = from;
    int right = middle;
    for (int i = from; i < to; i++) {
      if (right >= to || (left < middle && compareHeld(tmp[left], tmp[right]) <= 0)) {
        a[i] = tmp[left++];
      } else {
        a[i] = tmp[right++];
      }
    }
  }

  /** Compares the keys of two records of the run. */
  private int compareHeld(int left, int right) {
    int a = at[left];
    int b = at[right];
    return Arrays.compareUnsigned(arena, a + 8, a + 8 + EventRecords.getInt(arena, a),
        arena, b + 8, b + 8 + EventRecords.getInt(arena, b));
  }

  /**
   * Puts the run held so far, the sorter's current record and the rest of the records sharing {@code prefix} into a
   * second sorter that compares whole keys, and reads it from then on until it is empty.
   */
  private void sortLongRun(long prefix) throws IOException {
    UnsafeExternalSorter whole = newSorter(spillAfter, false);
    longRun = whole;
    long inMemory = 0;
    for (int i = 0; i < runSize; i++) {
      int record = at[i];
      int keyBytes = EventRecords.getInt(arena, record);
      long keyAt = Platform.BYTE_ARRAY_OFFSET + record + 8;
      inMemory = insert(whole, arena, keyAt, keyBytes, EventRecords.getInt(arena, record + 4), prefix, inMemory);
    }
    runSize = 0;
    next = 0;
    arenaSize = 0;
    do {
      // straight from the first sorter's page: were it to spill meanwhile, it keeps the page of its current record
      Object base = sorted.getBaseObject();
      long offset = sorted.getBaseOffset();
      int keyBytes = UnsafeAlignedOffset.getSize(base, offset);
      int valueBytes = sorted.getRecordLength() - keyBytes - SIZE_BYTES;
      inMemory = insert(whole, base, offset + SIZE_BYTES, keyBytes, valueBytes, prefix, inMemory);
    } while (nextInRun(prefix));
    longRunSorted = whole.getSortedIterator();
  }

  /**
   * Loads the sorter's next record: true when it shares {@code prefix}; false after the last, or when it begins
   * the next run (which it then begins: {@link #pending}).
   */
  private boolean nextInRun(long prefix) throws IOException {
    if (!sorted.hasNext()) {
      return false;
    }
    sorted.loadNext();
    if (sorted.getKeyPrefix() != prefix) {
      pending = true;
      return false;
    }
    return true;
  }

  /** Inserts a record (its key at {@code keyAt}, its value right after) into {@code whole}; returns its count held. */
  private long insert(UnsafeExternalSorter whole, Object base, long keyAt, int keyBytes, int valueBytes, long prefix,
      long inMemory) throws IOException {
    if (inMemory == spillAfter) {
      whole.spill(); // as the first sorter's filling does
      inMemory = 0;
    }
    whole.insertKVRecord(base, keyAt, keyBytes, base, keyAt + keyBytes, valueBytes, prefix, false);
    return inMemory + 1;
  }

  /** Copies the iterator's current record into {@link #key} and {@link #value}. */
  private void give(UnsafeSorterIterator records) {
    Object base = records.getBaseObject();
    long offset = records.getBaseOffset();
    keyLength = UnsafeAlignedOffset.getSize(base, offset);
    valueLength = records.getRecordLength() - keyLength - SIZE_BYTES;
    ensureRoom();
    Platform.copyMemory(base, offset + SIZE_BYTES, key, Platform.BYTE_ARRAY_OFFSET, keyLength);
    Platform.copyMemory(base, offset + SIZE_BYTES + keyLength, value, Platform.BYTE_ARRAY_OFFSET, valueLength);
  }

  private void ensureRoom() {
    if (key.length < keyLength) {
      key = new byte[Math.max(keyLength, 2 * key.length)];
    }
    if (value.length < valueLength) {
      value = new byte[Math.max(valueLength, 2 * value.length)];
    }
  }

  /** The current record's key in its first {@link #keyLength} bytes. */
  byte[] key() {
    return key;
  }

  int keyLength() {
    return keyLength;
  }

  /** The current record's value in its first {@link #valueLength} bytes. */
  byte[] value() {
    return value;
  }

  int valueLength() {
    return valueLength;
  }

  /** Frees the sorter's pages and spill files now rather than when the task ends. */
  void close() {
    if (longRun != null) {
      longRun.cleanupResources();
    }
    sorter.cleanupResources();
  }

  /**
   * Orders two stored records (each its key's length, key, value) by their keys' bytes, unsigned, a key that is a
   * prefix of the other first: the order of {@link java.util.Arrays#compareUnsigned(byte[], byte[])}.
   */
  static final class KeyOrder extends RecordComparator {
    @Override
    public int compare(Object leftBase, long leftOffset, int leftLength, Object rightBase, long rightOffset,
        int rightLength) {
      int leftKey = UnsafeAlignedOffset.getSize(leftBase, leftOffset);
      int rightKey = UnsafeAlignedOffset.getSize(rightBase, rightOffset);
      return compareBytes(leftBase, leftOffset + SIZE_BYTES, leftKey, rightBase, rightOffset + SIZE_BYTES, rightKey);
    }
  }

  /** Unsigned lexicographic order of two byte ranges, eight bytes at a time. */
  static int compareBytes(Object left, long leftAt, int leftLength, Object right, long rightAt, int rightLength) {
    int common = Math.min(leftLength, rightLength);
    int i = 0;
    for (; i + 8 <= common; i += 8) {
      long a = Platform.getLong(left, leftAt + i);
      long b = Platform.getLong(right, rightAt + i);
      if (a != b) {
        return LITTLE_ENDIAN ? Long.compareUnsigned(Long.reverseBytes(a), Long.reverseBytes(b))
            : Long.compareUnsigned(a, b);
      }
    }
    for (; i < common; i++) {
      int a = Platform.getByte(left, leftAt + i) & 0xff;
      int b = Platform.getByte(right, rightAt + i) & 0xff;
      if (a != b) {
        return a - b;
      }
    }
    return Integer.compare(leftLength, rightLength);
  }
}
