package io.tracelake.jobs.cli;

/** Exit codes of the tracelake CLI, stable for schedulers. */
public final class ExitCodes {
  /** The command did what it was asked. */
  public static final int OK = 0;
  /** The job itself failed (Spark failure, I/O error writing the tables); re-running may help. */
  public static final int JOB_FAILED = 1;
  /** Bad arguments or configuration: fix the command line or the config file. */
  public static final int USAGE = 2;
  /** Input problem: no file for the day, or a file could not be read to its end. */
  public static final int INPUT = 3;
  /** {@code tracelake trace}: no trace with that id in the days searched. */
  public static final int NOT_FOUND = 4;
  /** {@code tracelake run}/{@code aggregate}: another run of the day holds its lock; nothing was done. */
  public static final int DAY_LOCKED = 5;
  /**
   * {@code tracelake run}: the lines in the written events and rejects tables are not the lines read; the day keeps
   * its previous run.
   */
  public static final int NOT_RECONCILED = 6;

  private ExitCodes() {}
}
