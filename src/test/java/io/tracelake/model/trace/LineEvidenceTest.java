package io.tracelake.model.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LineEvidenceTest {

  @Test
  void onlyPatternsThatCanMatchNowhereButTheStartAreMatchedFromTheStartOnly() {
    assertThat(LineEvidence.isAnchored(Pattern.compile("^(?:Calling|Requesting) (?<service>\\w+)"))).isTrue();
    assertThat(LineEvidence.isAnchored(Pattern.compile("^Started [|] (?<name>.+)"))).isTrue();
    assertThat(LineEvidence.isAnchored(Pattern.compile("^Begin \\| (?<name>.+)"))).isTrue();
    // not anchored: no ^, an alternative outside parentheses, ^ after line breaks, quoted text with a |
    assertThat(LineEvidence.isAnchored(Pattern.compile("Calling (?<service>\\w+)"))).isFalse();
    assertThat(LineEvidence.isAnchored(Pattern.compile("^Running (?<name>.+)|Begin (?<x>.+)"))).isFalse();
    assertThat(LineEvidence.isAnchored(Pattern.compile("(?m)^Running (?<name>.+)"))).isFalse();
    assertThat(LineEvidence.isAnchored(Pattern.compile("^Running (?<name>.+)", Pattern.MULTILINE))).isFalse();
    assertThat(LineEvidence.isAnchored(Pattern.compile("^\\Q(a\\E|Begin (?<name>.+)"))).isFalse();
  }

  @Test
  void aLineThatBeginsWithNoneOfAnAnchoredPatternsLiteralStartsIsNotTriedAgainstIt() {
    assertThat(LineEvidence.leadingLiterals("^(?:Calling|Sending request to|Requesting) (?<service>[\\w.-]+)"))
        .containsExactly("Calling", "Sending request to", "Requesting");
    // an optional character ends the literal start before it; one that repeats at least once keeps it
    assertThat(LineEvidence.leadingLiterals("^(?:Incoming request:?|Got) (?<method>GET)"))
        .containsExactly("Incoming request", "Got");
    assertThat(LineEvidence.leadingLiterals("^Begin+ (?<name>.+)")).containsExactly("Begin");
    assertThat(LineEvidence.leadingLiterals("^Started (?<name>.+)")).containsExactly("Started ");
    // any other start rules nothing out
    for (String regex : List.of("^(?<name>.+?) completed", "^(?i)calling (?<service>\\w+)", "^[A-Z]\\w+ (?<name>.+)",
        "^(?:(?i)calling|Requesting) x", "^(?:Calling|Requesting)? x", "^\\QCalling\\E x", "Calling (?<service>\\w+)",
        "^(?:Calling|) x", "^?Calling")) {
      assertThat(LineEvidence.leadingLiterals(regex)).as(regex).isNull();
    }
    LineEvidence custom = new LineEvidence(Map.of(LineEvidence.Kind.SERVER_START,
        List.of("^(?:Incoming request:?|Got) (?<method>GET|POST) (?<path>/\\S*)")));
    assertThat(custom.read("Incoming request: GET /orders/7").path()).isEqualTo("/orders/7");
    assertThat(custom.read("Incoming request POST /orders").method()).isEqualTo("POST");
    assertThat(custom.read("Got GET /x").kind()).isEqualTo(LineEvidence.Kind.SERVER_START);
    assertThat(custom.read("Incoming GET /x")).isNull();
  }

  @Test
  void aLineThatEndsWithNoneOfAnEndAnchoredPatternsLiteralTailsIsNotTriedAgainstIt() {
    String defaultEnd = LineEvidence.DEFAULT_PATTERNS.get(LineEvidence.Kind.END).get(0);
    assertThat(LineEvidence.trailingLiterals(Pattern.compile(defaultEnd))).containsExactlyInAnyOrder("ms)", "ms");
    assertThat(LineEvidence.trailingLiterals(Pattern.compile("^(?<name>.+) took (?<ms>\\d+) milliseconds$")))
        .containsExactly(" milliseconds");
    assertThat(LineEvidence.trailingLiterals(Pattern.compile("(?<ms>\\d+)\\\\$"))).containsExactly("\\");
    assertThat(LineEvidence.trailingLiterals(Pattern.compile("(?<ms>\\d+) [mu]s$"))).containsExactly("s");
    // any other end rules nothing out: no $, an escaped or quoted one, a class, a repeat, a group, an alternative
    // to the rest, a flag that lets $ match before any line break or letters match in either case
    for (String regex : List.of("(?<ms>\\d+) ms", "(?<ms>\\d+) ms\\$", "(?<ms>\\d+)$", "(?<ms>\\d+) [mu]$",
        "(?<ms>\\d+) ms+$", "(?<ms>\\d+) (?:ms)?$", "(?<ms>\\d+) ms$|took", "(?i)(?<ms>\\d+) ms$",
        "(?m)(?<ms>\\d+) ms$", "(?<ms>\\d+) \\Qms$", "(?<ms>\\d+) ms{1}$", "(?<ms>\\d+) m\\w$", "$",
        // an escape whose digits or letters read as literal: the text ends with the character they stand for
        "(?<ms>\\d+) m\\x73$", "(?<ms>\\d+) m\\u0073$", "(?<ms>\\d+) m\\0163$", "(?<ms>\\d+) \\cA$")) {
      assertThat(LineEvidence.trailingLiterals(Pattern.compile(regex))).as(regex).isNull();
    }
    assertThat(LineEvidence.trailingLiterals(Pattern.compile("(?<ms>\\d+) ms$", Pattern.CASE_INSENSITIVE))).isNull();
  }

  @Test
  void aConfiguredEndPatternReadsLinesThatDoNotEndInMs() {
    LineEvidence custom = new LineEvidence(Map.of(LineEvidence.Kind.END,
        List.of("^(?<name>.+) took (?<ms>\\d+) milliseconds$")));
    LineEvidence.Line end = custom.read("checkout took 12 milliseconds");
    assertThat(end.kind()).isEqualTo(LineEvidence.Kind.END);
    assertThat(end.name()).isEqualTo("checkout");
    assertThat(end.durationUs()).isEqualTo(12_000);
    // $ matches before a last line break too
    assertThat(custom.read("checkout took 12 milliseconds\n").durationUs()).isEqualTo(12_000);
    assertThat(custom.read("checkout took 12 milliseconds\r\n").durationUs()).isEqualTo(12_000);
    assertThat(custom.read("checkout took 12 ms")).isNull();
    assertThat(custom.read("checkout took 12 milliseconds, then more")).isNull();
  }

  @Test
  void theTailCheckNeverRulesOutALineItsPatternMatches() {
    List<String> regexes = List.of(LineEvidence.DEFAULT_PATTERNS.get(LineEvidence.Kind.END).get(0),
        "(?<name>\\w+) done after (?<ms>\\d+) ?ms\\.?$", "^(?<name>.+) \\((?<ms>\\d+)\\)$",
        "(?<name>\\w+) done after (?<ms>\\d+) m\\x73$");
    List<String> messages = List.of("GET /x completed in 12 ms", "GET /x completed in 12ms", "GET /x done 3 ms)",
        "GET /x failed: boom (took 4 ms)", "sweep done after 7 ms.", "sweep done after 7ms", "sweep done after 7 ms\n",
        "sweep (9)", "sweep (9)\r\n", "sweep (9) later", "12 ms", "ms", "", "sweep done after 7 ms.\u2028");
    for (String regex : regexes) {
      LineEvidence custom = new LineEvidence(Map.of(LineEvidence.Kind.END, List.of(regex)));
      for (String message : messages) {
        boolean matches = Pattern.compile(regex).matcher(message).find();
        LineEvidence.Line line = custom.read(message);
        assertThat(line != null && line.kind() == LineEvidence.Kind.END).as(regex + " on " + message).isEqualTo(matches);
      }
    }
  }

  @Test
  void aLiteralStartIsFoundWhateverItsFirstCharacter() {
    // first characters next to the quick check's word boundaries (62, 64, 126, 127) and beyond ASCII
    String regex = "^(?:=run|>run|@run|~run|\u007frun|élan|日志) (?<name>.+)";
    assertThat(LineEvidence.leadingLiterals(regex)).hasSize(7); // the quick check is in play
    LineEvidence custom = new LineEvidence(Map.of(LineEvidence.Kind.INTERNAL_START, List.of(regex)));
    for (String start : List.of("=run", ">run", "@run", "~run", "\u007frun", "élan", "日志")) {
      assertThat(custom.read(start + " nightly")).as(start).isNotNull();
      assertThat(custom.read(start + " nightly").name()).as(start).isEqualTo("nightly");
    }
    for (String other : List.of("<run nightly", "?run nightly", "Arun nightly", "}run nightly", "ålan nightly",
        "日本 nightly", "run nightly", "x")) {
      assertThat(custom.read(other)).as(other).isNull();
    }
  }

  @Test
  void readingCallsAndPublishesOnlyGivesWhatTheWholeReadingGivesForThoseKinds() {
    LineEvidence evidence = LineEvidence.defaults();
    List<String> messages = List.of("Calling payments POST /charges", "Publishing order-7 to orders",
        "Calling payments POST /charges completed in 5 ms", // an end line first: read() says END
        "Received GET /orders/7", "Consumed order-7 from orders", "GET /orders/7 completed in 12 ms",
        "Executing select 1", "Running nightly", "Calling", "x Calling payments POST /charges", "", "plain line");
    for (String message : messages) {
      LineEvidence.Line whole = evidence.read(message);
      boolean exchange = whole != null
          && (whole.kind() == LineEvidence.Kind.CALL || whole.kind() == LineEvidence.Kind.PUBLISH);
      assertThat(evidence.readCallOrPublish(message)).as(message).isEqualTo(exchange ? whole : null);
    }
    assertThat(evidence.readCallOrPublish("Calling payments POST /charges completed in 5 ms")).isNull();
    assertThat(evidence.readCallOrPublish("Publishing order-7 to orders").topic()).isEqualTo("orders");
    assertThat(evidence.readCallOrPublish(null)).isNull();
  }

  @Test
  void readingAFirstOrALastLineGivesWhatTheWholeReadingGivesForStartsOrEnds() {
    LineEvidence evidence = LineEvidence.defaults();
    List<String> messages = List.of("Received GET /orders/7", "Calling payments POST /charges",
        "Consumed order-7 from orders", "Publishing order-7 to orders", "Executing select 1", "Running nightly",
        "GET /orders/7 completed in 12 ms", "charge failed: declined (took 3 ms)",
        "Running nightly completed in 40 ms", // a start line and an end line: read() says END
        "Received GET /orders/7 done 2.5 ms", "x Calling payments POST /charges", "", "plain line", "5 ms");
    for (String message : messages) {
      LineEvidence.Line whole = evidence.read(message);
      assertThat(evidence.readStart(message)).as(message)
          .isEqualTo(whole != null && whole.kind().starts() ? whole : null);
      assertThat(evidence.readEnd(message)).as(message)
          .isEqualTo(whole != null && whole.kind() == LineEvidence.Kind.END ? whole : null);
    }
    assertThat(evidence.readStart("Running nightly completed in 40 ms")).isNull();
    assertThat(evidence.readEnd("Running nightly completed in 40 ms").durationUs()).isEqualTo(40_000);
    assertThat(evidence.readStart(null)).isNull();
    assertThat(evidence.readEnd(null)).isNull();
    // an end pattern that spends its budget on a start line: read() says nothing, and so does readStart
    LineEvidence hostile = new LineEvidence(Map.of(LineEvidence.Kind.END,
        List.of("(?<name>(a|aa)+\\2)x (?<ms>\\d+)")));
    String serverLine = "Received GET /" + "a".repeat(60);
    assertThat(hostile.read(serverLine)).isNull();
    assertThat(hostile.readStart(serverLine)).isNull();
    assertThat(hostile.readEnd(serverLine)).isNull();
  }

  @Test
  void aCallPatternThatSpendsItsBudgetReadsAsNothingAsTheWholeReadingDoes() {
    // a backreference: only java.util.regex runs it, under a step budget, which the run of a's spends
    LineEvidence hostile = new LineEvidence(Map.of(LineEvidence.Kind.CALL,
        List.of("(?<service>(a|aa)+\\2)x (?<method>GET) (?<path>/\\S*)")));
    String spendsIt = "a".repeat(60);
    assertThat(hostile.read(spendsIt)).isNull();
    assertThat(hostile.readCallOrPublish(spendsIt)).isNull();
    // an earlier kind reads the line; the call pattern still spends its budget on it: not a call either way
    String serverLine = "Received GET /" + "a".repeat(60);
    assertThat(hostile.read(serverLine).kind()).isEqualTo(LineEvidence.Kind.SERVER_START);
    assertThat(hostile.readCallOrPublish(serverLine)).isNull();
  }

  @Test
  void everyDefaultPatternIsAnchoredAndReadsTheSameAsAnywhereMatching() {
    LineEvidence evidence = LineEvidence.defaults();
    for (List<String> regexes : LineEvidence.DEFAULT_PATTERNS.values()) {
      for (String regex : regexes) {
        assertThat(LineEvidence.isAnchored(Pattern.compile(regex))).as(regex).isTrue();
      }
    }
    assertThat(evidence.read("Calling payments POST /charges").kind()).isEqualTo(LineEvidence.Kind.CALL);
    assertThat(evidence.read("x Calling payments POST /charges")).isNull();
    assertThat(evidence.read("GET /orders/7 completed in 12 ms").durationUs()).isEqualTo(12_000);
  }

  @Test
  void aPatternWithAnAlternativeOutsideParenthesesStillMatchesInsideTheLine() {
    LineEvidence evidence = new LineEvidence(Map.of(LineEvidence.Kind.INTERNAL_START,
        List.of("^Running (?<name>\\w+)|job (?<job>\\w+) begins")));
    assertThat(evidence.read("nightly job sweep begins").kind()).isEqualTo(LineEvidence.Kind.INTERNAL_START);
  }
}
