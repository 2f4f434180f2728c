package io.tracelake.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExceptionHeadlineTest {

  @Test
  void readsJavaDotNetAndNodeHeadlines() {
    assertThat(ExceptionHeadline.parse("java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)"))
        .isEqualTo(new ExceptionHeadline("java.lang.IllegalStateException", "boom"));
    assertThat(ExceptionHeadline.parse("com.shop.Outer$NotFound: order 8412: gone\r\n\tat x"))
        .isEqualTo(new ExceptionHeadline("com.shop.Outer$NotFound", "order 8412: gone"));
    assertThat(ExceptionHeadline.parse("System.InvalidOperationException: Sequence contains no elements\n   at System.Linq"))
        .isEqualTo(new ExceptionHeadline("System.InvalidOperationException", "Sequence contains no elements"));
    assertThat(ExceptionHeadline.parse("\n\nTypeError: x is not a function\n    at Object.<anonymous> (/app/a.js:1:1)"))
        .isEqualTo(new ExceptionHeadline("TypeError", "x is not a function"));
    assertThat(ExceptionHeadline.parse("java.lang.NullPointerException"))
        .isEqualTo(new ExceptionHeadline("java.lang.NullPointerException", null));
  }

  @Test
  void readsTheLastLineOfAPythonTraceback() {
    assertThat(ExceptionHeadline.parse("Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n"
        + "    d['k']\nKeyError: 'k'\n\nDuring handling of the above exception, another exception occurred:\n\n"
        + "Traceback (most recent call last):\n  File \"app.py\", line 5\nValueError: bad value\n"))
        .isEqualTo(new ExceptionHeadline("ValueError", "bad value"));
  }

  @Test
  void findsNoTypeInOtherText() {
    assertThat(ExceptionHeadline.parse("something went wrong: disk full")).isNull();
    assertThat(ExceptionHeadline.parse("   \n ")).isNull();
    assertThat(ExceptionHeadline.parse("")).isNull();
    assertThat(ExceptionHeadline.parse(null)).isNull();
    assertThat(ExceptionHeadline.parse(": no type")).isNull();
    assertThat(ExceptionHeadline.parse("Traceback (most recent call last):\n  File \"x\"")).isNull();
  }
}
