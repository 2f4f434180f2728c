package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {
  private static final LocalDate DATE = LocalDate.of(2026, 11, 20);
  private static final long DAY_START = DATE.toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC) * 1_000_000L;
  private static final long HOUR = 3_600_000_000L;

  @Test
  void arrivalsAscendWithinTheWindowAndFollowTheDailyLoad() {
    int count = 50_000;
    ArrivalSchedule schedule = new ArrivalSchedule(DATE, count, new SplittableRandom(3));
    long previous = Long.MIN_VALUE;
    int[] perHour = new int[24];
    for (int i = 0; i < count; i++) {
      long arrival = schedule.next();
      assertThat(arrival).isGreaterThanOrEqualTo(previous)
          .isGreaterThanOrEqualTo(DAY_START + 60_000_000L).isLessThan(DAY_START + (23 * 60 + 58) * 60_000_000L);
      perHour[(int) ((arrival - DAY_START) / HOUR)]++;
      previous = arrival;
    }
    assertThat(perHour[12]).isGreaterThan(5 * perHour[3]);
    assertThat(perHour[3]).isPositive();
    assertThatThrownBy(schedule::next).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSingleRequestArrivesSometimeThatDay() {
    long arrival = new ArrivalSchedule(DATE, 1, new SplittableRandom(9)).next();
    assertThat(arrival).isBetween(DAY_START + 60_000_000L, DAY_START + 24 * HOUR);
  }
}
