package io.tracelake.simulator;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Independent random streams derived from the one user seed: one for the fleet, one for the day's
 * arrival times and one per request of the day, so a request's trace depends only on the seed, the day
 * and its index. The fleet depends on the seed alone: the same hosts, with the same clocks, every day.
 */
final class RandomStreams {
  private static final long FLEET_STREAM = 0x6a09e667f3bcc908L;
  private static final long ARRIVAL_STREAM = 0xbb67ae8584caa73bL;
  private static final long REQUEST_STREAM = 0x3c6ef372fe94f82bL;
  private static final long DUPLICATE_STREAM = 0xa54ff53a5f1d36f1L;
  private static final long HABITS_STREAM = 0x510e527fade682d1L;

  private RandomStreams() {}

  static SplittableRandom forFleet(long seed) {
    return new SplittableRandom(mix(seed ^ mix(FLEET_STREAM)));
  }

  static SplittableRandom forArrivals(long seed, LocalDate date) {
    return new SplittableRandom(mix(seed ^ mix(ARRIVAL_STREAM + mix(date.toEpochDay()))));
  }

  /** Days generated with the same seed get other trace ids, so that a warehouse of several days has no clashes. */
  static SplittableRandom forRequest(long seed, LocalDate date, long requestIndex) {
    return new SplittableRandom(mix(seed ^ mix(REQUEST_STREAM + mix(date.toEpochDay()) + requestIndex)));
  }

  /** Which entries of one host's log are shipped twice: a stream of its own, so that the traces stay the same. */
  static SplittableRandom forDuplicates(long seed, LocalDate date, int hostIndex) {
    return new SplittableRandom(mix(seed ^ mix(DUPLICATE_STREAM + mix(date.toEpochDay()) + hostIndex)));
  }

  /**
   * The habits of real services in one request (work after the response, lines that do not enclose,
   * repeated lines): a stream of its own, so that turning them on leaves the other requests alone.
   */
  static SplittableRandom forHabits(long seed, LocalDate date, long requestIndex) {
    return new SplittableRandom(mix(seed ^ mix(HABITS_STREAM + mix(date.toEpochDay()) + requestIndex)));
  }

  /** SplitMix64's finalizer: nearby inputs (seed 1, 2, 3; index 7, 8) give unrelated outputs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
