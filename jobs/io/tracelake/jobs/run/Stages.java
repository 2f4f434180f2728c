package io.tracelake.jobs.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Times the stages of a run, in order, for the run report. */
final class Stages {

  interface Work<T> {
    T get() throws IOException;
  }

  interface Action {
    void run() throws IOException;
  }

  private final List<RunReport.StageTime> times = new ArrayList<>();

  <T> T time(String stage, Work<T> work) throws IOException {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      times.add(new RunReport.StageTime(stage, Math.round((System.nanoTime() - start) / 1e6) / 1e3));
    }
  }

  void run(String stage, Action action) throws IOException {
    time(stage, () -> {
      action.run();
      return null;
    });
  }

  List<RunReport.StageTime> times() {
    return List.copyOf(times);
  }
}
