package io.tracelake.parsers.text.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatePatternTest {

  private static final FileContext UTC_NOV_20 = new FileContext(LocalDate.of(2026, 11, 20), ZoneOffset.UTC);

  private static long micros(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
  }

  private static long parse(String pattern, String text, FileContext context) {
    return DatePattern.compile(pattern).newReader(context).parse(text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "yyyy-MM-dd HH:mm:ss.SSS         | 2026-11-20 10:15:30.123          | 2026-11-20T10:15:30.123Z",
      "yyyy-MM-dd'T'HH:mm:ss.SSSXXX    | 2026-11-20T11:15:30.123+01:00    | 2026-11-20T10:15:30.123Z",
      "yyyy-MM-dd'T'HH:mm:ss.SSSXXX    | 2026-11-20T10:15:30.123Z         | 2026-11-20T10:15:30.123Z",
      "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXX  | 2026-11-20T05:15:30.123456-0500  | 2026-11-20T10:15:30.123456Z",
      "yyyy-MM-dd'T'HH:mm:ss.SX        | 2026-11-20T12:15:30.5+02         | 2026-11-20T10:15:30.5Z",
      "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSZ| 2026-11-20T10:15:30.123456789+0000| 2026-11-20T10:15:30.123456Z",
      "dd/MMM/yyyy:HH:mm:ss Z          | 20/Nov/2026:11:15:30 +0100       | 2026-11-20T10:15:30Z",
      "MMM d HH:mm:ss                  | Nov 20 10:15:30                  | 2026-11-20T10:15:30Z",
      "MMM d HH:mm:ss                  | Nov  2 10:15:30                  | 2026-11-02T10:15:30Z",
      "MMM dd HH:mm:ss                 | nov 02 10:15:30                  | 2026-11-02T10:15:30Z",
      "HH:mm:ss,SSS                    | 10:15:30,123                     | 2026-11-20T10:15:30.123Z",
      "EEE MMM dd HH:mm:ss yyyy        | Fri Nov 20 10:15:30 2026         | 2026-11-20T10:15:30Z",
      "EEEE, d MMMM yyyy h:mm:ss a     | Friday, 20 November 2026 10:15:30 PM | 2026-11-20T22:15:30Z",
      "EEEE, d MMMM yyyy h:mm:ss a     | Friday, 20 November 2026 12:15:30 AM | 2026-11-20T00:15:30Z",
      "yyyyMMddHHmmssSSS               | 20261120101530123                | 2026-11-20T10:15:30.123Z",
      "yy-MM-dd HH:mm                  | 26-11-20 10:15                   | 2026-11-20T10:15:00Z",
      "yyyy-MM-dd HH:mm:ss z           | 2026-11-20 11:15:30 CET          | 2026-11-20T10:15:30Z",
      "yyyy-MM-dd HH:mm:ss z           | 2026-11-20 12:15:30 GMT+02:00    | 2026-11-20T10:15:30Z",
      "yyyy-MM-dd HH:mm:ss VV          | 2026-07-20 12:15:30 Europe/Paris | 2026-07-20T10:15:30Z",
      "'at' HH 'o''clock' mm           | at 10 o'clock 15                 | 2026-11-20T10:15:00Z",
      "ISO8601                         | 2026-11-20 10:15:30,123          | 2026-11-20T10:15:30.123Z",
      "ISO8601                         | 2026-11-20T10:15:30,123          | 2026-11-20T10:15:30.123Z",
      "ISO8601_BASIC                   | 20261120T101530,123              | 2026-11-20T10:15:30.123Z",
      "ABSOLUTE                        | 10:15:30,123                     | 2026-11-20T10:15:30.123Z",
      "DATE                            | 20 Nov 2026 10:15:30,123         | 2026-11-20T10:15:30.123Z",
      "COMPACT                         | 20261120101530123                | 2026-11-20T10:15:30.123Z",
      "DEFAULT                         | 2026-11-20 10:15:30,123          | 2026-11-20T10:15:30.123Z",
      "DEFAULT_MICROS                  | 2026-11-20 10:15:30,123456       | 2026-11-20T10:15:30.123456Z",
      "ISO8601_OFFSET_DATE_TIME_HHCMM  | 2026-11-20T11:15:30,123+01:00    | 2026-11-20T10:15:30.123Z",
      "US_MONTH_DAY_YEAR4_TIME         | 20/11/2026 10:15:30.123          | 2026-11-20T10:15:30.123Z",
      "UNIX                            | 1795169730                       | 2026-11-20T10:15:30Z",
      "UNIX_MILLIS                     | 1795169730123                    | 2026-11-20T10:15:30.123Z"})
  void readsLoggerPatterns(String pattern, String text, String expected) {
    assertThat(parse(pattern, text, UTC_NOV_20)).isEqualTo(micros(expected));
  }

  @Test
  void fractionTakesOneToNineDigitsEitherSeparatorOrNone() {
    DateReader reader = DatePattern.compile("yyyy-MM-dd HH:mm:ss.SSS").newReader(UTC_NOV_20);
    assertThat(reader.parse("2026-11-20 10:15:30.1")).isEqualTo(micros("2026-11-20T10:15:30.100Z"));
    assertThat(reader.parse("2026-11-20 10:15:30,123456")).isEqualTo(micros("2026-11-20T10:15:30.123456Z"));
    assertThat(reader.parse("2026-11-20 10:15:30.123456789")).isEqualTo(micros("2026-11-20T10:15:30.123456Z"));
    assertThat(reader.parse("2026-11-20 10:15:30")).isEqualTo(micros("2026-11-20T10:15:30Z"));
  }

  @Test
  void timesWithoutZoneUseTheFileZoneOrThePatternZone() {
    FileContext berlin = new FileContext(LocalDate.of(2026, 7, 1), ZoneId.of("Europe/Berlin"));
    assertThat(parse("yyyy-MM-dd HH:mm:ss", "2026-07-01 12:00:00", berlin)).isEqualTo(micros("2026-07-01T10:00:00Z"));
    assertThat(parse("yyyy-MM-dd HH:mm:ss", "2026-01-01 12:00:00", berlin)).isEqualTo(micros("2026-01-01T11:00:00Z"));
    DatePattern utc = DatePattern.compile("yyyy-MM-dd HH:mm:ss", ZoneOffset.UTC);
    assertThat(utc.newReader(berlin).parse("2026-07-01 12:00:00")).isEqualTo(micros("2026-07-01T12:00:00Z"));
  }

  @Test
  void timeOfDayAloneRollsOverAtMidnight() {
    DateReader reader = DatePattern.compile("HH:mm:ss.SSS").newReader(UTC_NOV_20);
    assertThat(reader.parse("23:59:59.900")).isEqualTo(micros("2026-11-20T23:59:59.900Z"));
    assertThat(reader.parse("00:00:00.100")).isEqualTo(micros("2026-11-21T00:00:00.100Z"));
    // a line a little out of order after midnight stays on the day before
    assertThat(reader.parse("23:59:59.950")).isEqualTo(micros("2026-11-20T23:59:59.950Z"));
    assertThat(reader.parse("00:00:01.000")).isEqualTo(micros("2026-11-21T00:00:01Z"));
    assertThat(reader.parse("13:00:00.000")).isEqualTo(micros("2026-11-21T13:00:00Z"));
    assertThat(reader.parse("00:00:02.000")).isEqualTo(micros("2026-11-22T00:00:02Z"));
  }

  @Test
  void aDateWithoutYearTakesTheYearNearestTheFile() {
    FileContext newYear = new FileContext(LocalDate.of(2027, 1, 1), ZoneOffset.UTC);
    assertThat(parse("MMM d HH:mm:ss", "Dec 31 23:59:59", newYear)).isEqualTo(micros("2026-12-31T23:59:59Z"));
    assertThat(parse("MMM d HH:mm:ss", "Jan  1 00:00:01", newYear)).isEqualTo(micros("2027-01-01T00:00:01Z"));
    FileContext newYearsEve = new FileContext(LocalDate.of(2026, 12, 31), ZoneOffset.UTC);
    assertThat(parse("MMM d HH:mm:ss", "Jan  1 00:00:01", newYearsEve)).isEqualTo(micros("2027-01-01T00:00:01Z"));
    FileContext leap = new FileContext(LocalDate.of(2028, 3, 1), ZoneOffset.UTC);
    assertThat(parse("MMM d HH:mm:ss", "Feb 29 12:00:00", leap)).isEqualTo(micros("2028-02-29T12:00:00Z"));
    assertThat(parse("MMM d HH:mm:ss", "Feb 29 12:00:00", UTC_NOV_20)).isEqualTo(Timestamps.INVALID);
  }

  @Test
  void theRepeatedHourOfAutumnIsReadInItsSecondPassOnceTheTimesWentPastIt() {
    FileContext berlin = new FileContext(LocalDate.of(2026, 10, 25), ZoneId.of("Europe/Berlin"));
    DateReader reader = DatePattern.compile("yyyy-MM-dd HH:mm:ss").newReader(berlin);
    assertThat(reader.parse("2026-10-25 01:59:59")).isEqualTo(micros("2026-10-24T23:59:59Z"));
    assertThat(reader.parse("2026-10-25 02:30:00")).isEqualTo(micros("2026-10-25T00:30:00Z")); // CEST
    assertThat(reader.parse("2026-10-25 02:59:59")).isEqualTo(micros("2026-10-25T00:59:59Z"));
    assertThat(reader.parse("2026-10-25 02:00:00")).isEqualTo(micros("2026-10-25T01:00:00Z")); // CET again
    assertThat(reader.parse("2026-10-25 02:30:00")).isEqualTo(micros("2026-10-25T01:30:00Z"));
    assertThat(reader.parse("2026-10-25 03:00:00")).isEqualTo(micros("2026-10-25T02:00:00Z"));
    // spring forward: 02:30 does not exist and is read with the offset before the gap
    FileContext spring = new FileContext(LocalDate.of(2026, 3, 29), ZoneId.of("Europe/Berlin"));
    DateReader march = DatePattern.compile("yyyy-MM-dd HH:mm:ss").newReader(spring);
    assertThat(march.parse("2026-03-29 01:59:59")).isEqualTo(micros("2026-03-29T00:59:59Z"));
    assertThat(march.parse("2026-03-29 03:00:00")).isEqualTo(micros("2026-03-29T01:00:00Z"));
    assertThat(march.parse("2026-03-29 02:30:00")).isEqualTo(micros("2026-03-29T01:30:00Z"));
  }

  @Test
  void readsInsideALineAndTellsWhatDidNotMatch() {
    byte[] line = "[2026-11-20 10:15:30.123] INFO".getBytes(StandardCharsets.UTF_8);
    DateReader reader = DatePattern.compile("yyyy-MM-dd HH:mm:ss.SSS").newReader(UTC_NOV_20);
    assertThat(reader.read(line, 1, line.length)).isEqualTo(24);
    assertThat(reader.micros()).isEqualTo(micros("2026-11-20T10:15:30.123Z"));
    byte[] bad = "2026-13-20 10:15:30".getBytes(StandardCharsets.UTF_8);
    assertThat(reader.read(bad, 0, bad.length)).isEqualTo(-1);
    assertThat(reader.expected()).isEqualTo("the month (1-12)");
    assertThat(reader.failedAt()).isEqualTo(5);
    byte[] cut = "2026-11-20 10".getBytes(StandardCharsets.UTF_8);
    assertThat(reader.read(cut, 0, cut.length)).isEqualTo(-1);
    assertThat(reader.expected()).isEqualTo("':'");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "yyyy-MM-dd HH:mm:ss | 2026-11-31 10:15:30",
      "yyyy-MM-dd HH:mm:ss | 2026-11-20 24:15:30",
      "yyyy-MM-dd HH:mm:ss | 2026-11-20 10:60:30",
      "yyyy-MM-dd HH:mm:ss | 2026-11-20T10:15",
      "yyyy-MM-dd HH:mm:ss | 2026/11/20 10:15:30",
      "dd/MMM/yyyy:HH:mm:ss Z | 20/Noe/2026:10:15:30 +0000",
      "dd/MMM/yyyy:HH:mm:ss Z | 20/Nov/2026:10:15:30 +2500",
      "dd/MMM/yyyy:HH:mm:ss Z | 20/Nov/2026:10:15:30",
      "h:mm a | 0:15 PM",
      "UNIX | abc"})
  void rejectsWhatIsNotATimeOfThePattern(String pattern, String text) {
    assertThat(parse(pattern, text, UTC_NOV_20)).isEqualTo(Timestamps.INVALID);
  }

  @Test
  void compileErrorsNameThePatternAndPosition() {
    assertThatThrownBy(() -> DatePattern.compile("yyyy-MM-ddTHH:mm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("date pattern 'yyyy-MM-ddTHH:mm': letter 'T' at position 11 must be quoted, as in yyyy-MM-dd'T'HH:mm:ss");
    assertThatThrownBy(() -> DatePattern.compile("GGG yyyy"))
        .hasMessageStartingWith("date pattern 'GGG yyyy': letter 'G' at position 1 is not supported");
    assertThatThrownBy(() -> DatePattern.compile("yyyy 'at HH"))
        .hasMessage("date pattern 'yyyy 'at HH': quote at position 6 is never closed");
    assertThatThrownBy(() -> DatePattern.compile(" ")).hasMessage("date pattern is empty");
    assertThatThrownBy(() -> DatePattern.compile("ISO8061"))
        .hasMessageStartingWith("date pattern 'ISO8061': letter 'I' at position 1 is not supported");
    assertThatThrownBy(() -> DatePattern.compile("--:--"))
        .hasMessageStartingWith("date pattern '--:--' has no date or time letters");
  }

  @Test
  void isoReaderTakesWhatLogsWrite() {
    DateReader reader = DatePattern.iso8601().newReader(new FileContext(LocalDate.of(2026, 11, 20), ZoneId.of("Europe/Paris")));
    assertThat(reader.parse("2026-11-20T10:15:30.123456Z")).isEqualTo(micros("2026-11-20T10:15:30.123456Z"));
    assertThat(reader.parse("2026-11-20 11:15:30,5+01:00")).isEqualTo(micros("2026-11-20T10:15:30.5Z"));
    assertThat(reader.parse("2026-11-20T11:15:30")).isEqualTo(micros("2026-11-20T10:15:30Z"));
    assertThat(reader.parse("2026-11-20T11:15:30+0100")).isEqualTo(micros("2026-11-20T10:15:30Z"));
  }
}
