package io.tracelake.simulator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One way an operation fails on its own: how often, the text its error line shows, the HTTP status it
 * answers with (0 when not HTTP), and whether the caller may retry it.
 */
record Failure(double probability, int status, String description, boolean retryable) {

  static Failure of(double probability, int status, String description) {
    return new Failure(probability, status, description, false);
  }

  static Failure retryable(double probability, int status, String description) {
    return new Failure(probability, status, description, true);
  }

  /** The failure that happens this time, or null when the operation succeeds. */
  static Failure draw(List<Failure> modes, SplittableRandom random) {
    if (modes.isEmpty()) {
      return null;
    }
    double roll = random.nextDouble();
    for (Failure mode : modes) {
      if (roll < mode.probability) {
        return mode;
      }
      roll -= mode.probability;
    }
    return null;
  }
}
