package io.tracelake.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One field's text from line to line: the same String for the same bytes, and a new one for any other text. */
class RepeatedTextTest {

  private static byte[] line(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The text between the brackets of {@code [text]} as a line holds it. */
  private static String decode(RepeatedText repeated, String text) {
    byte[] line = line("x[" + text + "]y");
    return repeated.decode(line, 2, line.length - 2);
  }

  @Test
  void theSameTextIsTheSameStringAndAnotherTextIsItsOwn() {
    RepeatedText repeated = new RepeatedText();
    String first = decode(repeated, "http-nio-8080-exec-1");
    String again = decode(repeated, "http-nio-8080-exec-1");
    String other = decode(repeated, "http-nio-8080-exec-2");
    String prefix = decode(repeated, "http-nio-8080-exec-");
    String back = decode(repeated, "http-nio-8080-exec-1");

    assertThat(first).isEqualTo("http-nio-8080-exec-1");
    assertThat(again).isSameAs(first);
    assertThat(other).isEqualTo("http-nio-8080-exec-2");
    assertThat(prefix).isEqualTo("http-nio-8080-exec-");
    assertThat(back).isEqualTo("http-nio-8080-exec-1").isNotSameAs(first); // only the last text is remembered
    assertThat(decode(repeated, "")).isEmpty();
  }

  @Test
  void textBeyondAsciiAndMalformedBytesDecodeAsUtf8Does() {
    RepeatedText repeated = new RepeatedText();
    assertThat(decode(repeated, "Zürich チョコレート")).isEqualTo("Zürich チョコレート");
    assertThat(decode(repeated, "Zürich チョコレート")).isEqualTo("Zürich チョコレート");
    byte[] malformed = {'a', (byte) 0xC3, 'b'};
    assertThat(repeated.decode(malformed, 0, 3)).isEqualTo(new String(malformed, StandardCharsets.UTF_8));
    byte[] otherMalformed = {'a', (byte) 0xC4, 'b'}; // decodes to the same text, but is other bytes
    assertThat(repeated.decode(otherMalformed, 0, 3)).isEqualTo(new String(otherMalformed, StandardCharsets.UTF_8));
  }

  @Test
  void aFieldWhoseValuesRarelyRepeatStopsRemembering() {
    RepeatedText repeated = new RepeatedText();
    for (int i = 0; i < RepeatedText.MIN_CHANGES_BEFORE_STOPPING; i++) {
      decode(repeated, "message " + i);
    }
    String once = decode(repeated, "the same message");
    assertThat(decode(repeated, "the same message")).isEqualTo(once).isNotSameAs(once);
  }

  @Test
  void aFieldWhoseValuesOftenRepeatKeepsRemembering() {
    RepeatedText repeated = new RepeatedText();
    for (int i = 0; i < 10 * RepeatedText.MIN_CHANGES_BEFORE_STOPPING; i++) {
      decode(repeated, "thread-" + (i / 3)); // each value on three lines running
    }
    String once = decode(repeated, "thread-x");
    assertThat(decode(repeated, "thread-x")).isSameAs(once);
  }

  @Test
  void longValuesAreNotRemembered() {
    RepeatedText repeated = new RepeatedText();
    String longText = "y".repeat(RepeatedText.MAX_BYTES + 1);
    String once = decode(repeated, longText);
    assertThat(decode(repeated, longText)).isEqualTo(longText).isNotSameAs(once);
    String atTheLimit = "z".repeat(RepeatedText.MAX_BYTES);
    assertThat(decode(repeated, atTheLimit)).isSameAs(decode(repeated, atTheLimit));
  }
}
