package io.tracelake.parsers.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpStatusesTest {

  @Test
  void oneToThreeDigitsAreAStatus() {
    assertThat(HttpStatuses.parse("200")).isEqualTo(200);
    assertThat(HttpStatuses.parse("99")).isEqualTo(99);
    assertThat(HttpStatuses.parse("0")).isZero();
  }

  @Test
  void anythingElseIsNone() {
    assertThat(HttpStatuses.parse(null)).isNull();
    assertThat(HttpStatuses.parse("")).isNull();
    assertThat(HttpStatuses.parse("2000")).isNull();
    assertThat(HttpStatuses.parse("OK")).isNull();
    assertThat(HttpStatuses.parse("-1")).isNull();
    assertThat(HttpStatuses.parse("٢٠٠")).isNull(); // digits of another script are not ASCII digits
  }
}
