package io.tracelake.jobs.warehouse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;

/** A byte buffer that grows as it is written, little-endian as Parquet's plain encoding is; reused page after page. */
final class GrowingBytes {
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] bytes;
  private int size;

  /** The little-endian int at {@code at} of any array. */
  static int intAt(byte[] array, int at) {
    return (int) INT.get(array, at);
  }

  GrowingBytes(int capacity) {
    bytes = new byte[capacity];
  }

  int size() {
    return size;
  }

  /** The backing array: bytes {@code [0, size())} are what was written. */
  byte[] array() {
    return bytes;
  }

  void reset() {
    size = 0;
  }

  void put(byte b) {
    room(1);
    bytes[size++] = b;
  }

  void putInt(int value) {
    room(4);
    INT.set(bytes, size, value);
    size += 4;
  }

  void putLong(long value) {
    room(8);
    LONG.set(bytes, size, value);
    size += 8;
  }

  void put(byte[] src, int offset, int length) {
    room(length);
    System.arraycopy(src, offset, bytes, size, length);
    size += length;
  }

  /** An unsigned LEB128 int (the hybrid encoding's run headers). */
  void varint(int value) {
    room(5);
    while ((value & ~0x7f) != 0) {
      bytes[size++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  /** Overwrites 4 bytes at {@code at} (a length prefix written before what it counts). */
  void setInt(int at, int value) {
    INT.set(bytes, at, value);
  }

  /** The bytes written so far, not copied: valid until the next write or reset. */
  BytesInput view() {
    return BytesInput.from(bytes, 0, size);
  }

  private void room(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
    }
  }
}
