package io.tracelake.jobs.run;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;

/**
 * A test-only fault: when Hadoop setting {@value #KEY} names a stage, the first attempt of that stage's partition 0
 * fails after it wrote its files, as a task killed at the worst moment would. Spark then runs it again (when the
 * master allows retries, e.g. {@code local[2,2]}); the run must commit the retry's files only.
 */
final class FailFirstAttempt {

  static final String KEY = "tracelake.test.fail.first.attempt";

  private FailFirstAttempt() {}

  static void check(Configuration hadoop, String stage) {
    // the same place, once the task's files are written, is where a test kills a run in that stage
    io.tracelake.jobs.warehouse.FaultInjection.pause(hadoop, stage + ".task");
    String failing = hadoop.get(KEY);
    TaskContext task = TaskContext.get();
    if (failing != null && failing.contains(stage) && task != null && task.partitionId() == 0
        && task.attemptNumber() == 0) {
      throw new IllegalStateException("test fault (" + KEY + "): first attempt of " + stage + " partition 0 fails");
    }
  }
}
