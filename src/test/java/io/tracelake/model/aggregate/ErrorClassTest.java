package io.tracelake.model.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import org.junit.jupiter.api.Test;

class ErrorClassTest {

  private static Span span(SpanKind kind, boolean error, Integer status, String exception) {
    return new Span("t", "s", null, "orders", "orders-1", "GET /orders/{id}", kind, 0, 10, error, 1, null, status,
        exception);
  }

  @Test
  void serverErrorStatusNamesTheClassEvenWithoutAnErrorLine() {
    assertThat(ErrorClass.of(span(SpanKind.SERVER, false, 503, null))).isEqualTo("HTTP 503");
    assertThat(ErrorClass.of(span(SpanKind.SERVER, true, 500, "java.lang.IllegalStateException")))
        .isEqualTo("HTTP 500");
  }

  @Test
  void clientErrorStatusFailsAClientSpanButNotAServerSpan() {
    assertThat(ErrorClass.of(span(SpanKind.CLIENT, false, 404, null))).isEqualTo("HTTP 404");
    assertThat(ErrorClass.isFailure(span(SpanKind.SERVER, false, 404, null))).isFalse();
    assertThat(ErrorClass.of(span(SpanKind.SERVER, false, 404, null))).isNull();
  }

  @Test
  void aServerSpanThatLoggedAnErrorWithA4xxIsNamedByItsStatus() {
    assertThat(ErrorClass.of(span(SpanKind.SERVER, true, 422, "javax.validation.ValidationException")))
        .isEqualTo("HTTP 422");
  }

  @Test
  void exceptionTypeNamesTheClassWhenThereIsNoErrorStatus() {
    assertThat(ErrorClass.of(span(SpanKind.INTERNAL, true, null, " java.sql.SQLTimeoutException ")))
        .isEqualTo("java.sql.SQLTimeoutException");
    assertThat(ErrorClass.of(span(SpanKind.SERVER, true, 200, "java.io.IOException"))).isEqualTo("java.io.IOException");
  }

  @Test
  void anErrorLineAloneIsClassError() {
    assertThat(ErrorClass.of(span(SpanKind.SERVER, true, null, null))).isEqualTo("ERROR");
    assertThat(ErrorClass.of(span(SpanKind.SERVER, true, null, "  "))).isEqualTo("ERROR");
  }

  @Test
  void aSpanThatDidNotFailHasNoClass() {
    assertThat(ErrorClass.of(span(SpanKind.SERVER, false, 200, null))).isNull();
    assertThat(ErrorClass.of(span(SpanKind.INTERNAL, false, null, "java.io.IOException"))).isNull();
  }
}
