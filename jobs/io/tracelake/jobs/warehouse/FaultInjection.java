package io.tracelake.jobs.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Test-only faults of the nightly run, off unless a Hadoop setting asks for one ({@code spark.hadoop.<key>} in a
 * test's JVM): a pause at a named point, where a test kills the process, and a committed file removed before the
 * tables are counted, which the reconciliation must notice.
 */
public final class FaultInjection {

  /** The point to pause at, e.g. {@code commit.switched}; the run's stages and commit steps name theirs. */
  public static final String PAUSE_AT_KEY = "tracelake.test.pause.at";
  /** Where the paused process writes {@code <point>.paused} (its pid) for the test to see. */
  public static final String PAUSE_DIR_KEY = "tracelake.test.pause.dir";
  /** A table one of whose committed files is deleted before the run counts the tables' lines. */
  public static final String DROP_FILE_KEY = "tracelake.test.drop.committed.file";
  /** A file the run waits for before it starts (after its JVM and Spark have), so a test can start it early. */
  public static final String START_GATE_KEY = "tracelake.test.start.gate";
  /** How long a paused process waits for its kill before it fails on its own, so none is left behind. */
  private static final long PAUSE_MS = 120_000;

  private FaultInjection() {}

  /** Pauses here when the test asked for {@code point}: says so in a file, then waits for the kill. */
  public static void pause(Configuration hadoop, String point) {
    if (!point.equals(hadoop.get(PAUSE_AT_KEY))) {
      return;
    }
    java.nio.file.Path dir = java.nio.file.Path.of(hadoop.get(PAUSE_DIR_KEY, System.getProperty("java.io.tmpdir")));
    try {
      java.nio.file.Path temp = Files.createTempFile(dir, point, ".tmp");
      Files.writeString(temp, Long.toString(ProcessHandle.current().pid()));
      Files.move(temp, dir.resolve(point + ".paused"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Thread.sleep(PAUSE_MS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("test pause at " + point + " (" + PAUSE_AT_KEY + ") was not ended by a kill");
  }

  /** Waits until the start gate file the test named is there; returns at once when none is named. */
  public static void awaitStartGate(Configuration hadoop) {
    String gate = hadoop.get(START_GATE_KEY);
    if (gate == null) {
      return;
    }
    long deadline = System.nanoTime() + PAUSE_MS * 1_000_000;
    try {
      while (!Files.exists(java.nio.file.Path.of(gate))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("test start gate " + gate + " (" + START_GATE_KEY + ") never opened");
        }
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Deletes the first committed file of {@code table} in {@code dir} when the test asked for it. */
  public static void dropCommittedFile(Configuration hadoop, String table, Path dir) throws IOException {
    if (!table.equals(hadoop.get(DROP_FILE_KEY))) {
      return;
    }
    FileSystem fs = dir.getFileSystem(hadoop);
    java.util.List<Path> files = TableFiles.parquetFiles(dir, hadoop);
    if (!files.isEmpty()) {
      fs.delete(files.get(0), false);
    }
  }
}
