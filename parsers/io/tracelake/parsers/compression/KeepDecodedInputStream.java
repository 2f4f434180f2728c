package io.tracelake.parsers.compression;

import java.io.IOException;
import java.io.InputStream;

/**
 * Hands out every byte a decompressor produced before it failed, then the failure. bzip2's bulk read decodes
 * into the caller's array and throws on a truncated block without saying how much it wrote, so a truncated
 * .bz2 lost up to a whole read (64 KB) of lines that were already decoded; this reads it a byte at a time,
 * which is how its bulk read works inside anyway.
 */
public final class KeepDecodedInputStream extends InputStream {
  private final InputStream in;
  private IOException pending;

  public KeepDecodedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    throwPending();
    return in.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    throwPending();
    int n = 0;
    try {
      while (n < len) {
        int c = in.read();
        if (c < 0) {
          break;
        }
        b[off + n++] = (byte) c;
      }
    } catch (IOException e) {
      if (n == 0) {
        throw e;
      }
      pending = e; // the bytes decoded so far first, the failure on the next read
    }
    return n == 0 && len > 0 ? -1 : n;
  }

  private void throwPending() throws IOException {
    if (pending != null) {
      IOException e = pending;
      pending = null;
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
