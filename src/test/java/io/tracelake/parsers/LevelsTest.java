package io.tracelake.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LevelsTest {

  @Test
  void normalisesNamesOfLoggingLibraries() {
    assertThat(Levels.normalize("warning")).isEqualTo("WARN");
    assertThat(Levels.normalize(" Information ")).isEqualTo("INFO");
    assertThat(Levels.normalize("SEVERE")).isEqualTo("ERROR");
    assertThat(Levels.normalize("crit")).isEqualTo("FATAL");
    assertThat(Levels.normalize("verbose")).isEqualTo("TRACE");
    assertThat(Levels.normalize("audit")).isEqualTo("AUDIT");
    assertThat(Levels.normalize("30")).isEqualTo("30");
    assertThat(Levels.normalize("  ")).isNull();
    assertThat(Levels.normalize(null)).isNull();
  }

  @Test
  void readsBunyanAndPinoNumbersAndCustomLevelsByRange() {
    assertThat(Levels.fromNumber(10, LevelNumbering.BUNYAN)).isEqualTo("TRACE");
    assertThat(Levels.fromNumber(20, LevelNumbering.BUNYAN)).isEqualTo("DEBUG");
    assertThat(Levels.fromNumber(30, LevelNumbering.BUNYAN)).isEqualTo("INFO");
    assertThat(Levels.fromNumber(35, LevelNumbering.BUNYAN)).isEqualTo("WARN");
    assertThat(Levels.fromNumber(40, LevelNumbering.BUNYAN)).isEqualTo("WARN");
    assertThat(Levels.fromNumber(50, LevelNumbering.BUNYAN)).isEqualTo("ERROR");
    assertThat(Levels.fromNumber(60, LevelNumbering.BUNYAN)).isEqualTo("FATAL");
    assertThat(Levels.fromNumber(100, LevelNumbering.BUNYAN)).isEqualTo("FATAL");
    assertThat(Levels.fromNumber(0, LevelNumbering.BUNYAN)).isEqualTo("0");
    assertThat(Levels.normalize(" 30 ", LevelNumbering.BUNYAN)).isEqualTo("INFO");
    assertThat(Levels.normalize("info", LevelNumbering.BUNYAN)).isEqualTo("INFO");
  }

  @Test
  void readsSyslogSeverities() {
    String[] expected = {"FATAL", "FATAL", "FATAL", "ERROR", "WARN", "INFO", "INFO", "DEBUG"};
    for (int severity = 0; severity <= 7; severity++) {
      assertThat(Levels.fromNumber(severity, LevelNumbering.SYSLOG)).isEqualTo(expected[severity]);
    }
    assertThat(Levels.fromNumber(8, LevelNumbering.SYSLOG)).isEqualTo("8");
    assertThat(Levels.normalize("6", LevelNumbering.SYSLOG)).isEqualTo("INFO");
  }

  @Test
  void readsOpenTelemetrySeverityNumbersAndEnumNames() {
    assertThat(Levels.fromNumber(0, LevelNumbering.OTEL)).isNull();
    assertThat(Levels.fromNumber(1, LevelNumbering.OTEL)).isEqualTo("TRACE");
    assertThat(Levels.fromNumber(8, LevelNumbering.OTEL)).isEqualTo("DEBUG");
    assertThat(Levels.fromNumber(9, LevelNumbering.OTEL)).isEqualTo("INFO");
    assertThat(Levels.fromNumber(16, LevelNumbering.OTEL)).isEqualTo("WARN");
    assertThat(Levels.fromNumber(17, LevelNumbering.OTEL)).isEqualTo("ERROR");
    assertThat(Levels.fromNumber(24, LevelNumbering.OTEL)).isEqualTo("FATAL");
    assertThat(Levels.fromNumber(25, LevelNumbering.OTEL)).isEqualTo("25");
    assertThat(Levels.normalize("SEVERITY_NUMBER_WARN3", LevelNumbering.OTEL)).isEqualTo("WARN");
    assertThat(Levels.normalize("SEVERITY_NUMBER_UNSPECIFIED", LevelNumbering.OTEL)).isNull();
    assertThat(Levels.normalize("Information", LevelNumbering.OTEL)).isEqualTo("INFO");
  }

  @Test
  void keepsNumbersAsLoggedWithoutANumbering() {
    assertThat(Levels.fromNumber(30, LevelNumbering.NONE)).isEqualTo("30");
    assertThat(Levels.normalize("30", LevelNumbering.NONE)).isEqualTo("30");
    assertThat(Levels.normalize("-5", LevelNumbering.BUNYAN)).isEqualTo("-5");
    assertThat(Levels.normalize("99999999999999", LevelNumbering.BUNYAN)).isEqualTo("99999999999999");
  }
}
