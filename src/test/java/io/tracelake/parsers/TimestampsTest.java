package io.tracelake.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  private static long micros(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
  }

  @ParameterizedTest
  @CsvSource({
      "2026-11-20T10:15:30.123456Z, 2026-11-20T10:15:30.123456Z",
      "2026-11-20T11:15:30.123456+01:00, 2026-11-20T10:15:30.123456Z",
      "2026-11-20T05:15:30.1-05:00, 2026-11-20T10:15:30.100Z",
      "'2026-11-20 10:15:30,250+0000', 2026-11-20T10:15:30.250Z",
      "2026-11-20T10:15:30.123456789Z, 2026-11-20T10:15:30.123456Z",
      "2026-11-20T10:15Z, 2026-11-20T10:15:00Z",
      "2026-11-20T12:15:30+02, 2026-11-20T10:15:30Z",
      "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
      "1969-12-31T23:59:59.5Z, 1969-12-31T23:59:59.5Z"})
  void readsIsoTimesWithAnyOffset(String text, String expected) {
    assertThat(Timestamps.parseIso(text, ZoneOffset.UTC)).isEqualTo(micros(expected));
  }

  @Test
  void aTimeWithoutOffsetIsInTheConfiguredZone() {
    assertThat(Timestamps.parseIso("2026-07-01T12:00:00.5", ZoneId.of("Europe/Berlin")))
        .isEqualTo(micros("2026-07-01T10:00:00.5Z"));
    assertThat(Timestamps.parseIso("2026-01-01T12:00:00", ZoneId.of("Europe/Berlin")))
        .isEqualTo(micros("2026-01-01T11:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-20T24:00:00Z",
      "2026-11-20T10:15:30.Z", "2026-11-20T10:15:30+1", "2026-11-20X10:15:30Z", "2026-11-20T10:15:30Zjunk"})
  void rejectsWhatIsNotATime(String text) {
    assertThat(Timestamps.parseIso(text, ZoneOffset.UTC)).isEqualTo(Timestamps.INVALID);
  }

  @Test
  void agreesWithJavaTimeOnRandomInstants() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      long seconds = random.nextLong(-2_000_000_000L, 7_000_000_000L);
      int micros = random.nextInt(1_000_000);
      int offsetMinutes = random.nextInt(-18 * 60 + 1, 18 * 60) / 15 * 15;
      OffsetDateTime time = Instant.ofEpochSecond(seconds, micros * 1000L)
          .atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60)).truncatedTo(ChronoUnit.MICROS);
      String text = time.toString();
      assertThat(Timestamps.parseIso(text, ZoneOffset.UTC)).as(text).isEqualTo(seconds * 1_000_000 + micros);
    }
  }

  @Test
  void tellsEpochUnitsApartByMagnitude() {
    long expected = micros("2026-11-20T10:15:30Z");
    assertThat(Timestamps.fromEpochNumber(1_795_169_730L)).isEqualTo(expected);
    assertThat(Timestamps.fromEpochNumber(1_795_169_730_000L)).isEqualTo(expected);
    assertThat(Timestamps.fromEpochNumber(1_795_169_730_000_000L)).isEqualTo(expected);
    assertThat(Timestamps.fromEpochNumber(1_795_169_730_000_000_000L)).isEqualTo(expected);
    assertThat(Timestamps.fromEpochNumber(1_795_169_730.25)).isEqualTo(expected + 250_000);
  }
}
