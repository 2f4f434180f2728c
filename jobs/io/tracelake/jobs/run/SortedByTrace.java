package io.tracelake.jobs.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
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
 * every young collection and then promoted), a key's first 8 bytes compared as one unsigned long before the rest,
 * and spills as raw bytes when the task's execution memory is full, so memory stays bounded whatever the size of a
 * trace or a partition.
 */
final class SortedByTrace {

  /** Spark's own setting for its sorters: spill after this many records (by default only when memory is full). */
  static final String SPILL_AFTER_KEY = "spark.shuffle.spill.numElementsForceSpillThreshold";
  private static final int SIZE_BYTES = UnsafeAlignedOffset.getUaoSize();
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private final UnsafeExternalSorter sorter;
  private final UnsafeSorterIterator sorted;
  private byte[] key = new byte[256];
  private byte[] value = new byte[1024];
  private int keyLength;
  private int valueLength;

  private SortedByTrace(UnsafeExternalSorter sorter) throws IOException {
    this.sorter = sorter;
    this.sorted = sorter.getSortedIterator();
  }

  /**
   * Sorts the records of the running task (they are read to the end first); its memory is freed when the task
   * ends, or before by {@link #close}.
   */
  static SortedByTrace sort(Iterator<Tuple2<byte[], byte[]>> records) throws IOException {
    SparkEnv env = SparkEnv.get();
    return sort(records, env.conf().getInt(SPILL_AFTER_KEY, Integer.MAX_VALUE));
  }

  static SortedByTrace sort(Iterator<Tuple2<byte[], byte[]>> records, int spillAfter) throws IOException {
    TaskContext task = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    UnsafeExternalSorter sorter = UnsafeExternalSorter.create(task.taskMemoryManager(), env.blockManager(),
        env.serializerManager(), task, KeyOrder::new, PrefixComparators.BINARY, 4096,
        env.memoryManager().pageSizeBytes(), spillAfter, false);
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
    return new SortedByTrace(sorter);
  }

  /** A key's first 8 bytes, big-endian: as unsigned longs these order as the bytes do (every key has more than 8). */
  static long prefix(byte[] key) {
    return EventRecords.getLong(key, 0);
  }

  /**
   * Moves to the next record, false after the last: its key and value are then copied into {@link #key} and
   * {@link #value}, buffers reused from record to record (valid until the next call), so reading a partition
   * allocates nothing per record.
   */
  boolean advance() {
    if (!sorted.hasNext()) {
      return false;
    }
    try {
      sorted.loadNext();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back the sorted events", e);
    }
    Object base = sorted.getBaseObject();
    long offset = sorted.getBaseOffset();
    keyLength = UnsafeAlignedOffset.getSize(base, offset);
    valueLength = sorted.getRecordLength() - keyLength - SIZE_BYTES;
    if (key.length < keyLength) {
      key = new byte[Math.max(keyLength, 2 * key.length)];
    }
    if (value.length < valueLength) {
      value = new byte[Math.max(valueLength, 2 * value.length)];
    }
    Platform.copyMemory(base, offset + SIZE_BYTES, key, Platform.BYTE_ARRAY_OFFSET, keyLength);
    Platform.copyMemory(base, offset + SIZE_BYTES + keyLength, value, Platform.BYTE_ARRAY_OFFSET, valueLength);
    return true;
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
