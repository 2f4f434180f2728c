package io.tracelake.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local disk under the scheme {@value #SCHEME} ({@code fullfs:///tmp/...}), that fills up: once {@link #BUDGET}
 * bytes are written in this JVM, every write fails with {@code IOException("No space left on device")}, as a full
 * disk does. Register it with {@code fs.fullfs.impl}; set the budget before the run.
 */
public final class FullDiskFileSystem extends RawLocalFileSystem {

  public static final String SCHEME = "fullfs";
  /** Bytes left on the disk; unlimited until a test sets it. */
  public static final AtomicLong BUDGET = new AtomicLong(Long.MAX_VALUE);

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission)
      throws IOException {
    return new FilterOutputStream(super.createOutputStreamWithMode(f, append, permission)) {
      @Override
      public void write(int b) throws IOException {
        take(1);
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        take(len);
        out.write(b, off, len);
      }
    };
  }

  private static void take(long bytes) throws IOException {
    if (BUDGET.addAndGet(-bytes) < 0) {
      throw new IOException("No space left on device");
    }
  }
}
