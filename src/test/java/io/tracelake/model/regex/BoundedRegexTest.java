package io.tracelake.model.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.trace.LineEvidence;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No pattern costs more than a bounded amount on any text, and bounding changes no ordinary result. */
class BoundedRegexTest {

  @Test
  void patternsRe2CanExpressRunLinearOthersUnderABudget() {
    assertThat(BoundedRegex.compile("req-(\\w+)").linear()).isTrue();
    assertThat(BoundedRegex.compile("(?<name>.+?) took (?<ms>\\d+) ms").linear()).isTrue();
    assertThat(BoundedRegex.compile("(\\w+) \\1").linear()).isFalse(); // backreference
    assertThat(BoundedRegex.compile("id=(?=\\d)(\\d+)").linear()).isFalse(); // lookahead
  }

  @Test
  void everyDefaultEvidencePatternIsLinear() {
    LineEvidence.DEFAULT_PATTERNS.values().stream().flatMap(List::stream)
        .forEach(regex -> assertThat(BoundedRegex.compile(regex).linear()).as(regex).isTrue());
  }

  @Test
  void catastrophicBacktrackingIsLinearWhenRe2CanRunIt() {
    BoundedRegex nested = BoundedRegex.compile("^(a+)+b$");
    String hostile = "a".repeat(5_000) + "c";
    long start = System.nanoTime();
    assertThat(nested.matcher(hostile).find()).isFalse();
    assertThat(nested.matcher("a".repeat(40)).matches()).isFalse(); // short: java.util.regex first, then RE2/J
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(2.0);
  }

  @Test
  void aPatternOnlyJavaCanRunGivesUpWithBudgetExceeded() {
    BoundedRegex backtracking = BoundedRegex.compile("^(a|aa)+\\1b");
    String hostile = "a".repeat(60);
    long start = System.nanoTime();
    assertThatThrownBy(() -> backtracking.matcher(hostile).find()).isInstanceOf(BoundedRegex.BudgetExceeded.class);
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
  }

  @Test
  void bothEnginesGiveTheSameGroups() {
    BoundedRegex pattern = BoundedRegex.compile("(?<name>\\w+)=(?<value>[^ ]+)");
    String longText = "x ".repeat(BoundedRegex.SHORT_TEXT) + "user=42";
    for (String text : List.of("a user=42 b", longText)) {
      BoundedRegex.BoundedMatcher m = pattern.matcher(text);
      assertThat(m.find()).isTrue();
      assertThat(m.group("name")).isEqualTo("user");
      assertThat(m.group(2)).isEqualTo("42");
      assertThat(m.end(0)).isEqualTo(text.indexOf("42") + 2);
    }
  }

  @Test
  void findGoesOnWhereItLeftOffWhenItSwitchesEngine() {
    // the second match is found after java.util.regex spent its small budget on the text
    BoundedRegex pattern = BoundedRegex.compile("(x+x+)+y|(id\\d)");
    String text = "id1 " + "x".repeat(30) + " id2";
    BoundedRegex.BoundedMatcher m = pattern.matcher(text);
    assertThat(m.find()).isTrue();
    assertThat(m.group(2)).isEqualTo("id1");
    assertThat(m.find()).isTrue();
    assertThat(m.group(2)).isEqualTo("id2");
    assertThat(m.find()).isFalse();
  }

  @Test
  void replaceAllReadsGroupReferencesAsJavaDoes() {
    BoundedRegex pattern = BoundedRegex.compile("/users/(\\d+)");
    assertThat(pattern.replaceAll("GET /users/12/orders /users/7", "/users/{$1}"))
        .isEqualTo("GET /users/{12}/orders /users/{7}");
    assertThat(pattern.replaceAll("nothing here", "x")).isEqualTo("nothing here");
    assertThat(BoundedRegex.compile("a").replaceAll("cat", "\\$")).isEqualTo("c$t");
  }

  @Test
  void aMegabyteMessageUnderTheDefaultEndPatternCostsMilliseconds() {
    String message = "word ".repeat(200_000) + "done in 5 ms";
    long start = System.nanoTime();
    LineEvidence.Line line = LineEvidence.defaults().read(message);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(line.kind()).isEqualTo(LineEvidence.Kind.END);
    assertThat(line.durationUs()).isEqualTo(5_000);
    assertThat(seconds).isLessThan(3.0); // java.util.regex alone: minutes
    String noEnd = "word ".repeat(200_000) + "ms";
    assertThat(LineEvidence.defaults().read(noEnd)).isNull();
    // the shape java.util.regex backtracks on quadratically (40 KB took 1.5 s, so 1 MB about 15 minutes)
    String quadratic = "x failed: (".repeat(100_000) + "ms";
    start = System.nanoTime();
    assertThat(LineEvidence.defaults().read(quadratic)).isNull();
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(3.0);
  }
}
