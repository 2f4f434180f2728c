package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LogTimestampTest {
  private static final long INSTANT_US =
      Instant.parse("2026-11-20T23:15:30Z").getEpochSecond() * 1_000_000L + 42;

  @Test
  void rendersMicrosecondsInTheHostOffset() {
    assertThat(render(ZoneOffset.UTC, INSTANT_US)).isEqualTo("2026-11-20T23:15:30.000042Z");
    assertThat(render(ZoneOffset.ofHours(1), INSTANT_US)).isEqualTo("2026-11-21T00:15:30.000042+01:00");
    assertThat(render(ZoneOffset.ofHours(-5), INSTANT_US)).isEqualTo("2026-11-20T18:15:30.000042-05:00");
    assertThat(render(ZoneOffset.ofHoursMinutes(5, 30), INSTANT_US)).isEqualTo("2026-11-21T04:45:30.000042+05:30");
  }

  @Test
  void sameInstantWhateverTheOffset() {
    for (ZoneOffset zone : new ZoneOffset[] {ZoneOffset.UTC, ZoneOffset.ofHours(1), ZoneOffset.ofHours(-5)}) {
      LogTimestamp timestamps = new LogTimestamp(zone);
      for (long micros = INSTANT_US - 3_600_000_000L; micros < INSTANT_US + 3_600_000_000L; micros += 997_000_123L) {
        assertThat(GeneratedDay.epochMicros(new String(timestamps.buffer(), 0, timestamps.format(micros))))
            .isEqualTo(micros);
      }
    }
  }

  private static String render(ZoneOffset zone, long micros) {
    LogTimestamp timestamps = new LogTimestamp(zone);
    return new String(timestamps.buffer(), 0, timestamps.format(micros));
  }
}
