package io.tracelake.parsers;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it, so parsers see raw UTF-8 bytes.
 *
 * <p>Lines end at LF; a CR before the LF is dropped, and so is a UTF-8 byte order mark at the very
 * start. A line longer than {@code maxLineBytes} is kept up to that length and flagged as truncated;
 * the rest of it is skipped, so one huge line never costs more memory than the limit.
 */
public final class LineReader {

  private static final int READ_CHUNK = 64 * 1024;
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LINE_FEEDS = 0x0A0A_0A0A_0A0A_0A0AL;
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[READ_CHUNK];
  private int chunkPos;
  private int chunkEnd;
  private boolean eof;
  private boolean atStart;
  private long consumed;
  private long lineStart;

  private byte[] line = new byte[256];
  private int lineLength;
  private long originalLength;
  private long lineNumber;

  public LineReader(InputStream in, int maxLineBytes) {
    this(in, maxLineBytes, true);
  }

  /** @param atFileStart the stream starts at the file's first byte, where a byte order mark may be */
  public LineReader(InputStream in, int maxLineBytes, boolean atFileStart) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("Invalid maximum line length: " + maxLineBytes);
    }
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.atStart = atFileStart;
  }

  /** Advances to the next line; false at the end of the stream. */
  public boolean next() throws IOException {
    lineLength = 0;
    originalLength = 0;
    lineStart = consumed;
    boolean sawAny = false;
    while (true) {
      if (chunkPos == chunkEnd && !fill()) {
        if (!sawAny) {
          return false;
        }
        break;
      }
      sawAny = true;
      int newline = indexOfNewline(chunk, chunkPos, chunkEnd);
      int end = newline < 0 ? chunkEnd : newline;
      append(chunk, chunkPos, end - chunkPos);
      if (newline >= 0) {
        consumed += newline + 1 - chunkPos;
        chunkPos = newline + 1;
        break;
      }
      consumed += chunkEnd - chunkPos;
      chunkPos = chunkEnd;
    }
    if (lineLength > 0 && originalLength == lineLength && line[lineLength - 1] == '\r') {
      lineLength--;
      originalLength--;
    }
    lineNumber++;
    return true;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(chunk, 0, chunk.length);
    while (n == 0) {
      n = in.read(chunk, 0, chunk.length);
    }
    if (n < 0) {
      eof = true;
      return false;
    }
    chunkPos = 0;
    chunkEnd = n;
    if (atStart) {
      atStart = false;
      skipByteOrderMark();
    }
    return true;
  }

  private void skipByteOrderMark() throws IOException {
    // the mark can straddle reads only on absurdly small first reads; top up to three bytes
    while (chunkEnd < 3) {
      int n = in.read(chunk, chunkEnd, chunk.length - chunkEnd);
      if (n < 0) {
        eof = true;
        break;
      }
      chunkEnd += n;
    }
    if (chunkEnd >= 3 && (chunk[0] & 0xff) == 0xEF && (chunk[1] & 0xff) == 0xBB && (chunk[2] & 0xff) == 0xBF) {
      chunkPos = 3;
      consumed += 3;
      lineStart = consumed;
    }
  }

  /**
   * The first LF in {@code bytes[from, to)}, or -1: eight bytes at a time (a log line is hundreds of bytes, and a
   * loop that can stop at any byte is not vectorised), then byte by byte for the tail.
   */
  static int indexOfNewline(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      // a byte equal to LF is a zero byte of x; the lowest flagged byte is always a real one (a borrow only
      // flags bytes above the zero it comes from), and little-endian puts the lowest address in the lowest bits
      long x = (long) LONG.get(bytes, i) ^ LINE_FEEDS;
      long zeros = (x - ONES) & ~x & HIGH_BITS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(byte[] src, int off, int len) {
    originalLength += len;
    int room = maxLineBytes - lineLength;
    int take = Math.min(room, len);
    if (take <= 0) {
      return;
    }
    if (lineLength + take > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + take)));
    }
    System.arraycopy(src, off, line, lineLength, take);
    lineLength += take;
  }

  /** The current line's bytes, valid from 0 to {@link #length()} until the next call to {@link #next()}. */
  public byte[] buffer() {
    return line;
  }

  /** Bytes of the current line held in {@link #buffer()}. */
  public int length() {
    return lineLength;
  }

  /** Bytes the current line had in the input, without its line terminator. */
  public long originalLength() {
    return originalLength;
  }

  public boolean truncated() {
    return originalLength > lineLength;
  }

  /** Offset in the stream of the current line's first byte. */
  public long lineStart() {
    return lineStart;
  }

  /** Bytes of the stream consumed so far, through the current line's terminator. */
  public long consumed() {
    return consumed;
  }

  /** 1-based number of the current line. */
  public long lineNumber() {
    return lineNumber;
  }
}
