package io.tracelake.jobs.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A local file read past the kernel's page cache ({@code O_DIRECT}): the device's data lands in this stream's buffer
 * instead of in cache pages that are then copied out. A day's logs are read once per run, usually long after they were
 * written, so the cache only costs: a 2-core VM spent 2.0-2.2 CPU-s per GB in the kernel reading them through it,
 * against 0.17-0.23 this way, at the same or a better rate (bench/RESULTS.md, 2026-12-07).
 *
 * <p>Reads are of whole aligned blocks, at aligned positions, into an aligned buffer, as {@code O_DIRECT} requires:
 * a stream that starts mid-block reads from the block's start and skips the bytes before its offset. Only the end of
 * the file gives a read short of the buffer, so a short read that ends off a block boundary (a file still growing)
 * goes on through an ordinary channel. A file system that refuses {@code O_DIRECT} (tmpfs, some network file systems)
 * makes {@link #open} return null, and the caller reads the file the ordinary way.
 */
final class DirectFileInput extends InputStream {

  /** Hadoop setting that turns these reads off ({@code spark.hadoop.tracelake.input.direct: false}). */
  static final String ENABLED_KEY = "tracelake.input.direct";
  /**
   * The alignment of reads: a multiple of every device's logical block size in use (512 or 4,096 bytes). A file
   * system that wants more fails the first read, and the file is read the ordinary way.
   */
  private static final int BLOCK = 4096;
  private static final int BUFFER_BYTES = 1 << 20;
  /** Buffers kept for the next stream: direct memory is freed only when a buffer is collected. */
  private static final int POOLED_BUFFERS = 8;
  private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();

  private final Path path;
  private final FileChannel channel;
  private ByteBuffer buffer;
  /** Where the next read from the file starts: a block boundary until a short read. */
  private long next;
  private FileChannel ordinary;
  private boolean ended;

  private DirectFileInput(Path path, FileChannel channel, long offset) throws IOException {
    this.path = path;
    this.channel = channel;
    this.buffer = takeBuffer();
    this.next = offset - offset % BLOCK;
    fill();
    int skip = (int) (offset - (next - buffer.remaining()));
    buffer.position(Math.min(buffer.limit(), buffer.position() + skip));
  }

  /**
   * The file from byte {@code offset} on, read with {@code O_DIRECT}; null when the file system does not allow it
   * (the caller then opens the file the ordinary way, which also reports a missing file as it always has).
   */
  static InputStream open(Path path, long offset) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ, com.sun.nio.file.ExtendedOpenOption.DIRECT);
      return new DirectFileInput(path, channel, offset);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
      }
      return null;
    }
  }

  private static ByteBuffer takeBuffer() {
    ByteBuffer pooled = POOL.poll();
    return pooled != null ? pooled : ByteBuffer.allocateDirect(BUFFER_BYTES + BLOCK).alignedSlice(BLOCK);
  }

  /** Reads the next buffer's worth; leaves the buffer empty at the end of the file. */
  private void fill() throws IOException {
    if (buffer == null) {
      throw new IOException("stream closed");
    }
    buffer.clear().limit(BUFFER_BYTES); // a whole number of blocks (the aligned slice may hold a few bytes more)
    if (ended) {
      buffer.limit(0);
      return;
    }
    if (next % BLOCK != 0 && ordinary == null) {
      // past a short read, the end of the file as it was: most files end there; one that grew since is read on the
      // ordinary way, from off a block boundary
      if (channel.size() <= next) {
        ended = true;
        buffer.limit(0);
        return;
      }
      ordinary = FileChannel.open(path, StandardOpenOption.READ);
    }
    int read = ordinary != null ? ordinary.read(buffer, next) : channel.read(buffer, next);
    if (read <= 0) {
      ended = true;
      buffer.limit(0);
      return;
    }
    next += read;
    buffer.flip();
  }

  @Override
  public int read() throws IOException {
    if (buffer == null || !buffer.hasRemaining()) {
      fill();
      if (!buffer.hasRemaining()) {
        return -1;
      }
    }
    return buffer.get() & 0xFF;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (buffer == null || !buffer.hasRemaining()) {
      fill();
      if (!buffer.hasRemaining()) {
        return -1;
      }
    }
    int n = Math.min(length, buffer.remaining());
    buffer.get(into, offset, n);
    return n;
  }

  @Override
  public int available() {
    return buffer == null ? 0 : buffer.remaining();
  }

  @Override
  public void close() throws IOException {
    if (buffer == null) {
      return;
    }
    if (POOL.size() < POOLED_BUFFERS) {
      POOL.offer(buffer);
    }
    buffer = null;
    try {
      channel.close();
    } finally {
      if (ordinary != null) {
        ordinary.close();
      }
    }
  }
}
