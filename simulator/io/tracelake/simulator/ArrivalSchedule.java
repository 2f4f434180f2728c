package io.tracelake.simulator;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * When requests reach the gateway: {@code count} random instants between 00:01:00 and 23:58:00 UTC, more
 * by day than by night, handed out in ascending order without holding them all in memory.
 *
 * <p>The instants are the order statistics of uniform draws, generated smallest first (each from the
 * previous one and one fresh uniform), then mapped through the inverse of the daily load curve, which is
 * increasing and so keeps them in order.
 */
final class ArrivalSchedule {
  static final LocalTime FIRST_ARRIVAL = LocalTime.of(0, 1);
  static final LocalTime LAST_ARRIVAL = LocalTime.of(23, 58);

  /** Relative load per UTC hour: quiet at night, peaks around noon and in the evening. */
  private static final double[] HOURLY_LOAD = {
      2, 1.5, 1, 1, 1, 1.5, 3, 5, 7, 8, 8, 9, 10, 9, 8, 8, 8, 8, 9, 10, 9, 7, 5, 3};
  private static final long MICROS_PER_HOUR = 3_600_000_000L;

  private final SplittableRandom random;
  private final long[] pieceStartUs;
  private final double[] pieceStartMass;
  private final double[] pieceDensity;
  private final long windowEndUs;
  private final double totalMass;
  private int remaining;
  private double complement = 1.0;
  private int piece;

  ArrivalSchedule(LocalDate date, int count, SplittableRandom random) {
    this.random = random;
    this.remaining = count;
    long dayStartUs = date.toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC) * 1_000_000L;
    long windowStartUs = dayStartUs + FIRST_ARRIVAL.toSecondOfDay() * 1_000_000L;
    this.windowEndUs = dayStartUs + LAST_ARRIVAL.toSecondOfDay() * 1_000_000L;
    pieceStartUs = new long[HOURLY_LOAD.length];
    pieceStartMass = new double[HOURLY_LOAD.length];
    pieceDensity = new double[HOURLY_LOAD.length];
    double mass = 0;
    for (int hour = 0; hour < HOURLY_LOAD.length; hour++) {
      long from = Math.max(windowStartUs, dayStartUs + hour * MICROS_PER_HOUR);
      long to = Math.min(windowEndUs, dayStartUs + (hour + 1) * MICROS_PER_HOUR);
      pieceStartUs[hour] = from;
      pieceStartMass[hour] = mass;
      pieceDensity[hour] = HOURLY_LOAD[hour];
      mass += HOURLY_LOAD[hour] * Math.max(0, to - from);
    }
    totalMass = mass;
  }

  /** The next arrival in epoch microseconds, never earlier than the one before. */
  long next() {
    if (remaining <= 0) {
      throw new IllegalStateException("all arrivals have been handed out");
    }
    // the largest of `remaining` uniforms on (0, 1] is U^(1/remaining); 1 - that is the smallest of the rest
    complement *= StrictMath.pow(1.0 - random.nextDouble(), 1.0 / remaining);
    remaining--;
    return timeAt((1.0 - complement) * totalMass);
  }

  private long timeAt(double mass) {
    while (piece + 1 < pieceStartMass.length && pieceStartMass[piece + 1] <= mass) {
      piece++;
    }
    long time = pieceStartUs[piece] + (long) ((mass - pieceStartMass[piece]) / pieceDensity[piece]);
    return Math.min(time, windowEndUs - 1);
  }
}
