package io.tracelake.jobs.run;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;

/**
 * The one line a terminal shows while a run goes: the stage, its counts so far and Spark's tasks,
 * redrawn in place twice a second. Only on a terminal: in a scheduler's log a line redrawn with carriage
 * returns is noise, and the stage log lines say the same at each stage's end.
 */
final class LiveProgress implements AutoCloseable {

  private static final long PERIOD_MS = 500;

  private final Stages stages;
  private final SparkStatusTracker tracker;
  private final PrintStream out;
  private final Thread thread;
  private int lastWidth;

  private LiveProgress(Stages stages, SparkStatusTracker tracker, PrintStream out) {
    this.stages = stages;
    this.tracker = tracker;
    this.out = out;
    this.thread = new Thread(this::loop, "tracelake-progress");
    thread.setDaemon(true);
  }

  /** Draws the line on standard error when the CLI runs in a terminal; otherwise does nothing. */
  static LiveProgress startIfTerminal(Stages stages, SparkStatusTracker tracker) {
    return start(stages, tracker, System.console() != null ? System.err : null);
  }

  /** Draws the line on {@code out}; null draws nothing. */
  static LiveProgress start(Stages stages, SparkStatusTracker tracker, PrintStream out) {
    LiveProgress progress = new LiveProgress(stages, tracker, out);
    if (out != null) {
      progress.thread.start();
    }
    return progress;
  }

  private void loop() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(PERIOD_MS);
        draw(line());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the line says now: the stage and its counts, then Spark's running stages' tasks; null between stages. */
  String line() {
    String stage = stages.now();
    if (stage == null) {
      return null;
    }
    long done = 0;
    long total = 0;
    if (tracker != null) {
      for (int id : tracker.getActiveStageIds()) {
        SparkStageInfo info = tracker.getStageInfo(id).getOrElse(null);
        if (info != null) {
          done += info.numCompletedTasks();
          total += info.numTasks();
        }
      }
    }
    return total == 0 ? stage : String.format(Locale.ROOT, "%s [Spark tasks %d/%d]", stage, done, total);
  }

  private synchronized void draw(String text) {
    if (out == null) {
      return;
    }
    String shown = text == null ? "" : text;
    // pad over what the previous, longer line left behind; end at the line's start, so that a log line
    // written before the next redraw overwrites the progress rather than being appended to it
    out.print("\r" + shown + " ".repeat(Math.max(0, lastWidth - shown.length())) + "\r");
    out.flush();
    lastWidth = shown.length();
  }

  @Override
  public void close() {
    if (thread.isAlive()) {
      thread.interrupt();
      try {
        thread.join(PERIOD_MS * 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      draw(null);
    }
  }
}
