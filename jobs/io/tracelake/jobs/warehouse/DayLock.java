package io.tracelake.jobs.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.model.schema.Table;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <warehouse>/_runs/dt=<day>/_LOCK}: one run (or {@code tracelake aggregate}) of a day at a time. Taken by
 * creating the file only if it is absent (a hard link on local disk, {@code create} without overwrite on HDFS),
 * it names its owner (host, pid, run id, start). A lock whose owner was on this host and whose process is gone is
 * stale and taken over with a warning; any other is broken only by {@code --force-unlock}. Different days lock
 * different files, so they run at once.
 */
public final class DayLock implements Closeable {

  public static final String NAME = "_LOCK";
  private static final Logger LOG = LoggerFactory.getLogger(DayLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final String runId;
  private final Configuration hadoop;

  private DayLock(Path path, String runId, Configuration hadoop) {
    this.path = path;
    this.runId = runId;
    this.hadoop = hadoop;
  }

  /** The day is locked by another run that may still be going. */
  public static final class LockedException extends IOException {
    private static final long serialVersionUID = 1L;

    LockedException(String message) {
      super(message);
    }
  }

  public static Path path(String warehouse, LocalDate date) {
    return new Path(warehouse, "_runs/" + Table.PARTITION_COLUMN + "=" + date + "/" + NAME);
  }

  /**
   * Locks the day for {@code runId}.
   *
   * @param forceUnlock break a lock held by another run (the operator knows it is gone)
   * @throws LockedException in one line naming the owner, its age and how to break the lock
   */
  public static DayLock acquire(String warehouse, LocalDate date, String runId, boolean forceUnlock,
      Configuration hadoop) throws IOException {
    Path path = path(warehouse, date);
    FileSystem fs = path.getFileSystem(hadoop);
    OutputMode.applyTo(fs, hadoop);
    OutputMode.mkdirs(fs, path.getParent(), hadoop);
    String host = host();
    long pid = ProcessHandle.current().pid();
    byte[] owner = (JSON.createObjectNode().put("run_id", runId).put("host", host).put("pid", pid)
        .put("started_at", Instant.now().toString()).toString() + "\n").getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 2; attempt++) {
      if (createIfAbsent(fs, path, owner)) {
        return new DayLock(path, runId, hadoop);
      }
      JsonNode held = readOwner(fs, path);
      if (held == null) {
        continue; // released between our try and the read
      }
      String ownerHost = held.path("host").asText("?");
      long ownerPid = held.path("pid").asLong(-1);
      String described = "run " + held.path("run_id").asText("?") + " (host " + ownerHost + ", pid " + ownerPid
          + ", started " + age(held.path("started_at").asText(null)) + ")";
      boolean gone = ownerHost.equals(host) && ownerPid > 0 && ProcessHandle.of(ownerPid).isEmpty();
      if (!gone && !forceUnlock) {
        throw new LockedException("day " + date + " is locked by " + described + ": " + fs.makeQualified(path)
            + "; wait for it, or if that run is gone, re-run with --force-unlock");
      }
      LOG.warn("{}: taking over the lock of {}, {}", date, described,
          gone ? "whose process is gone" : "as --force-unlock asks");
      fs.delete(path, false);
    }
    throw new LockedException("day " + date + " is locked by another run that keeps taking it: "
        + fs.makeQualified(path) + "; wait for it, or re-run with --force-unlock");
  }

  /** Releases the lock if it is still this run's (an operator may have broken it and another run taken it). */
  @Override
  public void close() throws IOException {
    FileSystem fs = path.getFileSystem(hadoop);
    JsonNode held = readOwner(fs, path);
    if (held != null && runId.equals(held.path("run_id").asText(null))) {
      fs.delete(path, false);
    }
  }

  private static boolean createIfAbsent(FileSystem fs, Path path, byte[] owner) throws IOException {
    if ("file".equals(fs.getUri().getScheme())) {
      // Hadoop's local create checks and creates in two steps; a hard link to a written file is one
      java.nio.file.Path lock = java.nio.file.Path.of(fs.makeQualified(path).toUri());
      java.nio.file.Path written = lock.resolveSibling("." + NAME + "." + ProcessHandle.current().pid() + "."
          + System.nanoTime());
      Files.write(written, owner);
      OutputMode.applyTo(written, false, fs.getConf()); // the lock is a hard link to it: the same mode
      try {
        Files.createLink(lock, written);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.deleteIfExists(written);
      }
    }
    try (OutputStream out = fs.create(path, false)) { // with the umask of fs (OutputMode)
      out.write(owner);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static JsonNode readOwner(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        // being written on HDFS (create, then write): its owner is not known yet
        return JSON.createObjectNode().put("run_id", "unknown (lock file still being written or damaged)");
      }
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  private static String age(String startedAt) {
    if (startedAt == null) {
      return "at an unknown time";
    }
    Duration age = Duration.between(Instant.parse(startedAt), Instant.now());
    long minutes = age.toMinutes();
    return startedAt + ", " + (minutes < 1 ? age.toSeconds() + " s" : minutes < 120 ? minutes + " min"
        : age.toHours() + " h") + " ago";
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
