package io.tracelake.jobs.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}, checksummed), which sets a mode with java.nio rather than by running
 * {@code chmod}. Without Hadoop's native library the local file system starts a {@code chmod} process for every file
 * and directory it makes with a mode, which is all of them under a run's umask ({@link OutputMode}): 50 processes on
 * a small day, hundreds on a big one. The sessions tracelake starts use it ({@link #use}); a file system of the
 * scheme made earlier in the JVM (Hadoop caches one per scheme and user) stays as it was, and works the same.
 */
public final class PosixLocalFileSystem extends LocalFileSystem {

  /** Hadoop's setting that names the class of the {@code file:} scheme's file system. */
  public static final String IMPL_KEY = "fs.file.impl";

  public PosixLocalFileSystem() {
    super(new Raw());
  }

  /** Makes {@code hadoop}'s {@code file:} scheme this file system, unless it names one already. */
  public static void use(Configuration hadoop) {
    if (hadoop.get(IMPL_KEY) == null) {
      hadoop.set(IMPL_KEY, PosixLocalFileSystem.class.getName());
    }
  }

  /** The raw local file system under the checksums, with the modes set in process. */
  public static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      // the nine rwx bits only: a sticky bit (a directory's) goes to Hadoop's own way
      if ((permission.toShort() & ~0777) != 0) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), OutputMode.posix(permission));
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(p, permission);
      }
    }
  }
}
