package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.simulator.TimestampText.Fraction;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampTextTest {
  private static final long NANOS = Instant.parse("2026-11-20T23:15:30Z").getEpochSecond() * 1_000_000_000L;

  private static String iso(ZoneOffset zone, long nanos, char separator, char fraction, Fraction digits,
      boolean offset) {
    StringBuilder out = new StringBuilder();
    new TimestampText(zone).appendIso(out, nanos, separator, fraction, digits, offset);
    return out.toString();
  }

  @Test
  void isoInEveryPrecisionAndOffsetStyle() {
    ZoneOffset plusOne = ZoneOffset.ofHours(1);
    assertThat(iso(plusOne, NANOS + 42_123_456, 'T', '.', Fraction.MILLIS, true))
        .isEqualTo("2026-11-21T00:15:30.042+01:00");
    assertThat(iso(ZoneOffset.UTC, NANOS + 42_123_456, ' ', ',', Fraction.MILLIS, false))
        .isEqualTo("2026-11-20 23:15:30,042");
    assertThat(iso(ZoneOffset.UTC, NANOS + 42_123_456, 'T', '.', Fraction.NANOS, true))
        .isEqualTo("2026-11-20T23:15:30.042123456Z");
    assertThat(iso(ZoneOffset.ofHours(-5), NANOS + 42_120_000, 'T', '.', Fraction.NANOS_TRIMMED, true))
        .isEqualTo("2026-11-20T18:15:30.04212-05:00");
    assertThat(iso(ZoneOffset.UTC, NANOS, 'T', '.', Fraction.NANOS_TRIMMED, true)).isEqualTo("2026-11-20T23:15:30Z");
  }

  @Test
  void commonLogFormat() {
    StringBuilder out = new StringBuilder();
    new TimestampText(ZoneOffset.ofHoursMinutes(5, 30)).appendCommonLog(out, NANOS + 999_999_999);
    assertThat(out.toString()).isEqualTo("21/Nov/2026:04:45:30 +0530");
    out.setLength(0);
    new TimestampText(ZoneOffset.ofHours(-5)).appendCommonLog(out, NANOS);
    assertThat(out.toString()).isEqualTo("20/Nov/2026:18:15:30 -0500");
  }
}
