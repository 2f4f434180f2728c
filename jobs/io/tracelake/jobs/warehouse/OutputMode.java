package io.tracelake.jobs.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The permissions of everything a run writes, as a umask: Hadoop's own {@code fs.permissions.umask-mode}, which its
 * local file system and HDFS apply to each file (0666 minus the umask) and directory (0777 minus it) they create,
 * checksum files included. Owner-only ({@code 077}: files 0600, directories 0700) unless the config says otherwise.
 * The few files written with java.nio instead (see {@link AtomicFile}, {@link DayLock}) are given the same mode here.
 */
public final class OutputMode {

  public static final String UMASK_KEY = FsPermission.UMASK_LABEL;
  public static final String DEFAULT_UMASK = "077";
  private static final Pattern OCTAL = Pattern.compile("0?[0-7]{3}");

  private OutputMode() {}

  /** True for a umask of three octal digits (with an optional leading 0), e.g. {@code 077} or {@code 027}. */
  public static boolean isValid(String umask) {
    return umask != null && OCTAL.matcher(umask).matches();
  }

  /**
   * Makes {@code fs} create with {@code hadoop}'s umask. A FileSystem is cached per scheme and user and keeps the
   * configuration it was first made with (Spark's, or an executor's start-up one), and it reads the umask from
   * that configuration at each create: the setting has to reach it there, or the files of a session whose file
   * system was opened before the config was read keep Hadoop's default 022.
   */
  public static void applyTo(FileSystem fs, Configuration hadoop) {
    String umask = hadoop.get(UMASK_KEY);
    Configuration cached = fs.getConf();
    if (umask != null && cached != null && cached != hadoop && !umask.equals(cached.get(UMASK_KEY))) {
      cached.set(UMASK_KEY, umask);
    }
  }

  /**
   * Creates a directory (and its missing parents) with the mode of {@code hadoop}'s umask. Given explicitly: HDFS's
   * client applies the umask it read when the file system was opened to a directory made without one.
   */
  public static boolean mkdirs(FileSystem fs, org.apache.hadoop.fs.Path dir, Configuration hadoop) throws IOException {
    return fs.mkdirs(dir, FsPermission.getDirDefault().applyUMask(FsPermission.getUMask(hadoop)));
  }

  /** Gives a file (or directory) written with java.nio the mode of {@code hadoop}'s umask, where the disk has POSIX modes. */
  public static void applyTo(java.nio.file.Path path, boolean directory, Configuration hadoop) throws IOException {
    if (Files.getFileAttributeView(path, PosixFileAttributeView.class) == null) {
      return;
    }
    FsPermission mode = (directory ? FsPermission.getDirDefault() : FsPermission.getFileDefault())
        .applyUMask(FsPermission.getUMask(hadoop));
    Files.setPosixFilePermissions(path, posix(mode));
  }

  static Set<PosixFilePermission> posix(FsPermission mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
    short value = mode.toShort();
    for (int i = 0; i < 9; i++) {
      if ((value & (1 << (8 - i))) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }
}
