package io.tracelake.parsers.compression;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses a gzip file of any number of members ({@code cat a.gz b.gz}, rotated logs appended, bgzip),
 * every member to its end, and fails loudly, naming the byte offset, on anything it cannot read: a damaged or
 * truncated member, a CRC mismatch, or bytes after a member that are not another member. What was decompressed
 * before the failure has been handed out already, so the lines before it are kept.
 *
 * <p>The JDK's {@code GZIPInputStream} stops silently at the first member whose header it cannot read, and at
 * a member boundary that falls where its source's {@code available()} says 0: data after the first member was
 * dropped with a clean end of stream.
 */
public final class GzipMembersInputStream extends InputStream {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final InputStream in;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int end;
  private long bufOffset; // offset in the compressed file of buf[0]
  private boolean inMember;
  private boolean done;
  private long memberStart;
  private long memberBytes;
  private final byte[] one = new byte[1];

  public GzipMembersInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!done) {
      if (!inMember) {
        if (!startMember()) {
          done = true;
          return -1;
        }
        continue;
      }
      if (inflater.needsInput()) {
        if (pos == end && !fill()) {
          throw new EOFException("gzip member starting at byte " + memberStart + " is truncated at byte "
              + offset());
        }
        inflater.setInput(buf, pos, end - pos);
        pos = end;
      }
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new ZipException("gzip member starting at byte " + memberStart + " is damaged before byte "
            + offset() + ": " + e.getMessage());
      }
      if (n > 0) {
        crc.update(b, off, n);
        memberBytes += n;
        return n;
      }
      if (inflater.finished()) {
        pos = end - inflater.getRemaining();
        endMember();
      } else if (inflater.needsDictionary()) {
        throw new ZipException("gzip member starting at byte " + memberStart + " needs a preset dictionary");
      }
    }
    return -1;
  }

  /** Reads the next member's header; false at a clean end of the file. */
  private boolean startMember() throws IOException {
    if (pos == end && !fill()) {
      return false;
    }
    memberStart = offset();
    if (nextByte() != 0x1f || nextByte() != 0x8b) {
      throw new ZipException(memberStart == 0 ? "not a gzip file (no gzip magic at byte 0)"
          : "bytes after the gzip member ending at byte " + memberStart + " are not another gzip member");
    }
    if (nextByte() != 8) {
      throw new ZipException("gzip member at byte " + memberStart + " uses an unknown compression method");
    }
    int flags = nextByte();
    for (int i = 0; i < 6; i++) {
      nextByte(); // modification time, extra flags, operating system
    }
    if ((flags & FEXTRA) != 0) {
      int length = nextByte() | nextByte() << 8;
      for (int i = 0; i < length; i++) {
        nextByte();
      }
    }
    if ((flags & FNAME) != 0) {
      while (nextByte() != 0) {
        // the original file name
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (nextByte() != 0) {
        // a comment
      }
    }
    if ((flags & FHCRC) != 0) {
      nextByte();
      nextByte();
    }
    inflater.reset();
    crc.reset();
    memberBytes = 0;
    inMember = true;
    return true;
  }

  private void endMember() throws IOException {
    long expectedCrc = readInt();
    long expectedSize = readInt();
    if (expectedCrc != crc.getValue() || expectedSize != (memberBytes & 0xffffffffL)) {
      throw new ZipException("gzip member starting at byte " + memberStart + " fails its CRC or size check");
    }
    inMember = false;
  }

  private long readInt() throws IOException {
    return nextByte() | nextByte() << 8 | nextByte() << 16 | ((long) nextByte()) << 24;
  }

  private int nextByte() throws IOException {
    if (pos == end && !fill()) {
      throw new EOFException("gzip member starting at byte " + memberStart + " is truncated at byte " + offset());
    }
    return buf[pos++] & 0xff;
  }

  private long offset() {
    return bufOffset + pos;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    while (n == 0) {
      n = in.read(buf, 0, buf.length);
    }
    if (n < 0) {
      return false;
    }
    bufOffset += end;
    pos = 0;
    end = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }
}
