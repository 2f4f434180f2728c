package io.tracelake.jobs.warehouse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A small file of the warehouse replaced whole or not at all, so that a reader (or a run killed half way) never
 * sees it half written: the day's pointer, the run reports, the completion marker. Written to a temporary name
 * beside it, then renamed over it: POSIX rename on local disk (java.nio, as Hadoop's local file system would
 * rename its checksum file in a second step), rename with overwrite on HDFS and other file systems with an atomic
 * rename; on an object store, where a rename is a copy, written in place: one PUT is atomic there.
 */
public final class AtomicFile {

  /** Stores where writing one object is atomic but a rename is a copy. */
  private static final Set<String> OBJECT_STORES = Set.of("s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb",
      "wasbs", "oss", "cos", "cosn", "obs");

  private AtomicFile() {}

  /** Replaces {@code path} with {@code bytes}; {@code beforeRename} runs once they are written under the temporary name. */
  public static void write(Path path, byte[] bytes, Configuration hadoop, Runnable beforeRename) throws IOException {
    FileSystem fs = path.getFileSystem(hadoop);
    OutputMode.applyTo(fs, hadoop);
    Path target = fs.makeQualified(path);
    OutputMode.mkdirs(fs, target.getParent(), hadoop);
    String scheme = target.toUri().getScheme() == null ? "" : target.toUri().getScheme().toLowerCase(Locale.ROOT);
    if (OBJECT_STORES.contains(scheme)) {
      beforeRename.run();
      try (OutputStream out = fs.create(target, true)) {
        out.write(bytes);
      }
      return;
    }
    // hidden (a leading dot) so that no reader of the directory takes it for the file itself
    Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    if ("file".equals(scheme)) {
      java.nio.file.Path local = java.nio.file.Path.of(temp.toUri());
      Files.write(local, bytes);
      OutputMode.applyTo(local, false, hadoop); // java.nio creates with the process's umask, not Hadoop's
      beforeRename.run();
      // a checksum file of an earlier write through Hadoop would not match the new content; without one, Hadoop
      // reads the file unchecked
      Files.deleteIfExists(java.nio.file.Path.of(new Path(target.getParent(), "." + target.getName() + ".crc")
          .toUri()));
      Files.move(local, java.nio.file.Path.of(target.toUri()), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (OutputStream out = fs.create(temp, true)) {
      out.write(bytes);
    }
    beforeRename.run();
    FileContext.getFileContext(target.toUri(), hadoop).rename(temp, target, Options.Rename.OVERWRITE);
  }
}
