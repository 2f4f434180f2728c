package io.tracelake.parsers;

import java.io.IOException;
import java.io.InputStream;
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

  private static int indexOfNewline(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
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
