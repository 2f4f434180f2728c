package io.tracelake.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExceptionTextTest {

  @Test
  void findsTheTopJavaExceptionNotItsCause() {
    ExceptionHeadline found = ExceptionText.find("""
        java.util.concurrent.CompletionException: java.net.ConnectException: refused
        \tat java.base/java.util.concurrent.CompletableFuture.encodeThrowable(CompletableFuture.java:332)
        Caused by: java.net.ConnectException: refused
        \t... 5 more""");
    assertThat(found).isEqualTo(new ExceptionHeadline("java.util.concurrent.CompletionException",
        "java.net.ConnectException: refused"));
  }

  @Test
  void findsJavaExceptionsAfterALogMessageAndWithoutAMessage() {
    assertThat(ExceptionText.find("Request failed\norg.shop.PaymentDeclined\n\tat org.shop.Pay.run(Pay.java:1)"))
        .isEqualTo(new ExceptionHeadline("org.shop.PaymentDeclined", null));
    assertThat(ExceptionText.find("Exception in thread \"main\" java.lang.IllegalStateException: boom"))
        .isEqualTo(new ExceptionHeadline("java.lang.IllegalStateException", "boom"));
  }

  @Test
  void findsPythonAndGoExceptions() {
    assertThat(ExceptionText.find("""
        Traceback (most recent call last):
          File "/app/main.py", line 10, in handle
            raise KeyError("sku")
        KeyError: 'sku'
        """)).isEqualTo(new ExceptionHeadline("KeyError", "'sku'"));
    assertThat(ExceptionText.find("panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:"))
        .isEqualTo(new ExceptionHeadline("panic", "runtime error: index out of range [3] with length 3"));
  }

  @Test
  void ordinaryTextHasNoException() {
    assertThat(ExceptionText.find("GET /api/orders completed in 42 ms")).isNull();
    assertThat(ExceptionText.find("loaded com.shop.Config from classpath")).isNull();
    assertThat(ExceptionText.find(null)).isNull();
  }
}
