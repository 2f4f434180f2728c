package io.tracelake.jobs.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the stages of a run, in order, for the run report; logs each stage's start and end at INFO with
 * what it did ({@code parse done in 3.5 s: 27/27 input splits, 1.1M lines, 310k lines/s}), and
 * tells a {@link LiveProgress} which stage is running and how far it is.
 */
final class Stages {

  private static final Logger LOG = LoggerFactory.getLogger(Stages.class);

  interface Work<T> {
    T get() throws IOException;
  }

  interface Action {
    void run() throws IOException;
  }

  private final List<RunReport.StageTime> times = new ArrayList<>();
  private final String label;
  private volatile String current;
  private volatile long currentStart;
  private volatile Supplier<String> currentCounts;

  /** Stages of a run; {@code label} (the day) starts every log line. */
  Stages(String label) {
    this.label = label;
  }

  <T> T time(String stage, Work<T> work) throws IOException {
    return time(stage, null, work);
  }

  /**
   * Runs a stage; {@code counts} says how far it is (asked while it runs, for the live line, and at
   * its end, for the log), or null when only its time is worth saying.
   */
  <T> T time(String stage, Supplier<String> counts, Work<T> work) throws IOException {
    long start = System.nanoTime();
    currentCounts = counts;
    currentStart = start;
    current = stage;
    LOG.info("{} {} started", label, stage);
    boolean done = false;
    try {
      T result = work.get();
      done = true;
      return result;
    } finally {
      double seconds = Math.round((System.nanoTime() - start) / 1e6) / 1e3;
      times.add(new RunReport.StageTime(stage, seconds));
      current = null;
      String detail = counts == null ? "" : ": " + counts.get();
      if (done) {
        LOG.info("{} {} done in {}{}", label, stage, String.format(Locale.ROOT, "%.1f s", seconds), detail);
      } else {
        LOG.info("{} {} failed after {}{}", label, stage, String.format(Locale.ROOT, "%.1f s", seconds), detail);
      }
    }
  }

  void run(String stage, Action action) throws IOException {
    run(stage, null, action);
  }

  void run(String stage, Supplier<String> counts, Action action) throws IOException {
    time(stage, counts, () -> {
      action.run();
      return null;
    });
  }

  List<RunReport.StageTime> times() {
    return List.copyOf(times);
  }

  /** The stage running now, its counts and seconds so far, e.g. {@code parse 12.0 s: 12/27 input splits}; null between stages. */
  String now() {
    String stage = current;
    if (stage == null) {
      return null;
    }
    Supplier<String> counts = currentCounts;
    String detail = counts == null ? "" : ": " + counts.get();
    return String.format(Locale.ROOT, "%s %s %.0f s%s", label, stage, (System.nanoTime() - currentStart) / 1e9,
        detail);
  }

  /** A count in a few characters: 950, 12.3k, 1.1M, 2.0G. */
  static String compact(double n) {
    if (n < 1_000) {
      return String.format(Locale.ROOT, "%.0f", n);
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, n < 10_000 ? "%.1fk" : "%.0fk", n / 1e3);
    }
    if (n < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }
    return String.format(Locale.ROOT, "%.1fG", n / 1e9);
  }

  /** {@code what}'s count and its rate since the last stage started: {@code 1.1M lines, 310k lines/s}. */
  String rate(long count, String what) {
    return rate(count, what, (System.nanoTime() - currentStart) / 1e9);
  }

  static String rate(long count, String what, double seconds) {
    return compact(count) + " " + what + (seconds > 0.05 ? ", " + compact(count / seconds) + " " + what + "/s" : "");
  }
}
