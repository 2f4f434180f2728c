package io.tracelake.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.ParsedLine;
import io.tracelake.parsers.json.JsonFieldMapping;
import io.tracelake.parsers.json.JsonLineParser;
import java.io.ByteArrayInputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** No input makes the file parser throw or lose a line, folded or not. */
class LogFileParserProperties {

  private static final LineParser JSON = new JsonLineParser(JsonFieldMapping.logstash(null, null), ZoneOffset.UTC);

  @Property(tries = 300)
  void everyLineOfArbitraryBytesIsAnEventOrAReject(@ForAll @Size(max = 2000) byte[] input,
      @ForAll boolean multiline) {
    LogFileParser parser = new LogFileParser(new ByteArrayInputStream(input), JSON, null, null, "svc", "svc-1", 256, multiline,
        e -> e);
    List<ParsedLine> entries = new ArrayList<>();
    parser.forEachRemaining(entries::add);
    long newlines = 0;
    for (byte b : input) {
      newlines += b == '\n' ? 1 : 0;
    }
    long expectedLines = newlines + (input.length > 0 && input[input.length - 1] != '\n' ? 1 : 0);
    assertThat(parser.linesRead()).isEqualTo(expectedLines);
    assertThat(entries.stream().mapToLong(ParsedLine::lineCount).sum()).isEqualTo(expectedLines);
  }

  /** A line is an entry when it starts with a digit; anything else continues it (or is rejected). */
  private static final LineParser DIGIT_LINES = (line, off, len) -> {
    if (len == 0 || line[off] < '0' || line[off] > '9') {
      throw new LineRejectedException(io.tracelake.model.RejectReason.NO_MATCH, "no leading digit");
    }
    return io.tracelake.model.LogEvent.builder(0).message(new String(line, off, len,
        java.nio.charset.StandardCharsets.UTF_8)).build();
  };

  @Property(tries = 500)
  void parsingInSplitsYieldsWhatParsingWholeDoes(
      @ForAll List<@net.jqwik.api.From("lines") String> lines,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 6) int splitCount,
      @ForAll boolean multiline,
      @ForAll long seed) throws java.io.IOException {
    byte[] input = String.join("\n", lines).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<ParsedLine> whole = new ArrayList<>();
    new LogFileParser(new ByteArrayInputStream(input), DIGIT_LINES, null, null, null, null, 64, multiline, e -> e)
        .forEachRemaining(whole::add);

    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>(List.of(0, input.length));
    for (int i = 1; i < splitCount && input.length > 1; i++) {
      cuts.add(random.nextInt(1, input.length));
    }
    List<ParsedLine> inSplits = new ArrayList<>();
    Integer start = cuts.first();
    for (Integer end : cuts.tailSet(start, false)) {
      int from = start == 0 ? 0 : start - 1;
      long newlinesBefore = 0;
      for (int i = 0; i < start; i++) {
        newlinesBefore += input[i] == '\n' ? 1 : 0;
      }
      new LogFileParser(new ByteArrayInputStream(input, from, input.length - from), DIGIT_LINES, null, null, null,
          null, 64, multiline, e -> e).forSplit(start, end, newlinesBefore).forEachRemaining(inSplits::add);
      start = end;
    }
    assertThat(render(inSplits)).isEqualTo(render(whole));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> lines() {
    // entries, continuations, blanks and long lines, in any order
    return net.jqwik.api.Arbitraries.oneOf(
        net.jqwik.api.Arbitraries.strings().withChars("0123456789 abc").ofMinLength(1).ofMaxLength(10)
            .map(s -> "1" + s),
        net.jqwik.api.Arbitraries.strings().withChars("\tat x.y()").ofMaxLength(12),
        net.jqwik.api.Arbitraries.just(""),
        net.jqwik.api.Arbitraries.strings().withChars("7z").ofMinLength(60).ofMaxLength(90));
  }

  private static List<String> render(List<ParsedLine> entries) {
    return entries.stream().map(e -> e.lineNumber() + "+" + e.lineCount() + ":"
        + (e.isEvent() ? "E " + e.event().message() : "R " + e.reject().reason() + " " + e.reject().raw())).toList();
  }

  @Property(tries = 300)
  void arbitraryTextLinesNeverEscapeAsExceptions(@ForAll List<@Size(max = 300) String> lines) {
    byte[] input = String.join("\n", lines).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    LogFileParser parser = new LogFileParser(new ByteArrayInputStream(input), JSON, null, null, null, null, 128, true, e -> e);
    List<ParsedLine> entries = new ArrayList<>();
    parser.forEachRemaining(entries::add);
    assertThat(entries.stream().mapToLong(ParsedLine::lineCount).sum()).isEqualTo(parser.linesRead());
  }
}
