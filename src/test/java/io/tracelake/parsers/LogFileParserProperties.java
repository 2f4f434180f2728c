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

  @Property(tries = 300)
  void arbitraryTextLinesNeverEscapeAsExceptions(@ForAll List<@Size(max = 300) String> lines) {
    byte[] input = String.join("\n", lines).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    LogFileParser parser = new LogFileParser(new ByteArrayInputStream(input), JSON, null, null, null, null, 128, true, e -> e);
    List<ParsedLine> entries = new ArrayList<>();
    parser.forEachRemaining(entries::add);
    assertThat(entries.stream().mapToLong(ParsedLine::lineCount).sum()).isEqualTo(parser.linesRead());
  }
}
