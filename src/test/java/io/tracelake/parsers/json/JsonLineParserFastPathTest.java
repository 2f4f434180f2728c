package io.tracelake.parsers.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tracelake.parsers.LineRejectedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON parser's fast path ({@link Utf8JsonCursor}) gives every line the event or the rejection that Jackson
 * alone gives it: on objects of every shape, written plain or with every non-ASCII character escaped, on the same
 * lines with one byte changed, and on hand-made edge cases.
 */
class JsonLineParserFastPathTest {

  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final ObjectMapper ESCAPED =
      JsonMapper.builder().enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build();
  /** What a mutation puts into a line: JSON's own characters, escapes, digits, a high byte and a control. */
  private static final byte[] MUTATIONS = "{}[]\":,\\/ \t\nu0123456789.eE+-truefalsn\u0001".getBytes(StandardCharsets.ISO_8859_1);

  private static Object outcome(JsonLineParser parser, byte[] line) {
    try {
      return parser.parse(line, 0, line.length);
    } catch (LineRejectedException e) {
      return e.reason() + ": " + e.getMessage();
    }
  }

  private static void sameWithAndWithoutFastPath(JsonFormat format, byte[] line) {
    Object withJackson = outcome(new JsonLineParser(format.mapping(), ZoneOffset.UTC, false), line);
    Object withFastPath = outcome(new JsonLineParser(format.mapping(), ZoneOffset.UTC, true), line);
    assertThat(withFastPath).as(new String(line, StandardCharsets.UTF_8)).isEqualTo(withJackson);
  }

  @Property(tries = 500)
  void objectsReadAsJacksonReadsThem(@ForAll JsonFormat format, @ForAll("objects") Map<String, Object> object,
      @ForAll boolean escapeNonAscii) throws Exception {
    sameWithAndWithoutFastPath(format, (escapeNonAscii ? ESCAPED : PLAIN).writeValueAsBytes(object));
  }

  @Property(tries = 1000)
  void linesWithOneByteChangedReadAsJacksonReadsThem(@ForAll JsonFormat format,
      @ForAll("objects") Map<String, Object> object, @ForAll @IntRange(min = 0, max = 10_000) int where,
      @ForAll @IntRange(min = 0, max = 255) int what, @ForAll @IntRange(min = 0, max = 2) int how) throws Exception {
    sameWithAndWithoutFastPath(format, mutated(ESCAPED.writeValueAsBytes(object), where, what, how));
  }

  /**
   * A parser that read a line takes the names and values it meets again as they stood, without scanning them: the
   * same line with one byte changed right after it (a value that goes on past the remembered one, an escape or a
   * quote inside it, a space before a colon, a name cut short) and the line again after that read as Jackson reads
   * each alone.
   */
  @Property(tries = 1000)
  void aLineAfterItsNeighbourWithOneByteChangedReadsAsJacksonReadsIt(@ForAll JsonFormat format,
      @ForAll("objects") Map<String, Object> object, @ForAll @IntRange(min = 0, max = 10_000) int where,
      @ForAll @IntRange(min = 0, max = 255) int what, @ForAll @IntRange(min = 0, max = 2) int how,
      @ForAll boolean escapeNonAscii) throws Exception {
    byte[] line = (escapeNonAscii ? ESCAPED : PLAIN).writeValueAsBytes(object);
    JsonLineParser reused = new JsonLineParser(format.mapping(), ZoneOffset.UTC, true);
    for (byte[] next : List.of(line, mutated(line, where, what, how), line, line)) {
      assertThat(outcome(reused, next)).as(new String(next, StandardCharsets.UTF_8))
          .isEqualTo(outcome(new JsonLineParser(format.mapping(), ZoneOffset.UTC, false), next));
    }
  }

  /** {@code line} with one byte replaced ({@code how} 0), deleted (1) or inserted (2). */
  private static byte[] mutated(byte[] line, int where, int what, int how) {
    int at = where % (line.length + 1);
    byte b = what < 2 * MUTATIONS.length ? MUTATIONS[what % MUTATIONS.length] : (byte) what;
    byte[] mutated;
    if (how == 0 && at < line.length) { // replace
      mutated = line.clone();
      mutated[at] = b;
    } else if (how == 1 && at < line.length) { // delete
      mutated = new byte[line.length - 1];
      System.arraycopy(line, 0, mutated, 0, at);
      System.arraycopy(line, at + 1, mutated, at, line.length - at - 1);
    } else { // insert
      mutated = new byte[line.length + 1];
      System.arraycopy(line, 0, mutated, 0, at);
      mutated[at] = b;
      System.arraycopy(line, at, mutated, at + 1, line.length - at);
    }
    return mutated;
  }

  /**
   * Lines written with their non-ASCII characters as UTF-8, then one byte changed: a sequence cut short, a
   * continuation byte replaced or added, a quote inside a sequence. The fast path reads only well-formed UTF-8 and
   * leaves the rest to Jackson, whose verdict then stands.
   */
  @Property(tries = 1000)
  void utf8LinesWithOneByteChangedReadAsJacksonReadsThem(@ForAll JsonFormat format,
      @ForAll("objects") Map<String, Object> object, @ForAll @IntRange(min = 0, max = 10_000) int where,
      @ForAll @IntRange(min = 0, max = 255) int what, @ForAll boolean replace) throws Exception {
    byte[] line = PLAIN.writeValueAsBytes(object);
    int at = where % line.length;
    byte[] mutated;
    if (replace) {
      mutated = line.clone();
      mutated[at] = (byte) what;
    } else {
      mutated = new byte[line.length - 1];
      System.arraycopy(line, 0, mutated, 0, at);
      System.arraycopy(line, at + 1, mutated, at, line.length - at - 1);
    }
    sameWithAndWithoutFastPath(format, mutated);
  }

  /**
   * At the edges of well-formed UTF-8 (RFC 3629's table): the first and last sequence of each length, the overlong
   * forms, the surrogates, what lies past U+10FFFF, lone and missing continuation bytes, in a value and in a name.
   * The well-formed ones are read by the fast path, the others by Jackson, and every one as Jackson reads it.
   */
  @Test
  void sequencesAtTheEdgesOfWellFormedUtf8ReadAsJacksonReadsThem() {
    int[][] wellFormed = {{0xC2, 0x80}, {0xDF, 0xBF}, {0xE0, 0xA0, 0x80}, {0xE2, 0x82, 0xAC}, {0xED, 0x9F, 0xBF},
        {0xEE, 0x80, 0x80}, {0xEF, 0xBF, 0xBF}, {0xF0, 0x90, 0x80, 0x80}, {0xF0, 0x9F, 0x98, 0x80},
        {0xF4, 0x8F, 0xBF, 0xBF}};
    int[][] illFormed = {{0xC0, 0xAF}, {0xC1, 0xBF}, {0xE0, 0x80, 0xAF}, {0xE0, 0x9F, 0xBF}, {0xED, 0xA0, 0x80},
        {0xED, 0xBF, 0xBF}, {0xF0, 0x80, 0x80, 0x80}, {0xF0, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80},
        {0xF5, 0x80, 0x80, 0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80}, {0xFF}, {0x80}, {0xBF}, {0xC3}, {0xE2, 0x82},
        {0xF0, 0x9F, 0x98}, {0xC3, 0x41}, {0xE2, 0x28, 0xA1}, {0xE2, 0x82, 0x22}, {0xF0, 0x9F, 0x98, 0x41}};
    String[] shapes = {"{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"a%sb\\n\"}",
        "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"%s\"}",
        "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"k%s\":\"v\",\"message\":\"m\"}"};
    for (int[][] cases : new int[][][] {wellFormed, illFormed}) {
      for (int[] sequence : cases) {
        byte[] bytes = new byte[sequence.length];
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = (byte) sequence[i];
        }
        for (String shape : shapes) {
          int at = shape.indexOf("%s");
          java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
          line.writeBytes(shape.substring(0, at).getBytes(StandardCharsets.US_ASCII));
          line.writeBytes(bytes);
          line.writeBytes(shape.substring(at + 2).getBytes(StandardCharsets.US_ASCII));
          for (JsonFormat format : JsonFormat.values()) {
            sameWithAndWithoutFastPath(format, line.toByteArray());
            JsonLineParser fast = new JsonLineParser(format.mapping(), ZoneOffset.UTC, true);
            outcome(fast, line.toByteArray());
            assertThat(fast.linesWithoutJackson()).as(java.util.Arrays.toString(sequence) + " in " + shape)
                .isEqualTo(cases == wellFormed ? 1 : 0);
          }
        }
      }
    }
  }

  @Property(tries = 100)
  void aReusedParserReadsLineAfterLineAsJacksonReadsEach(@ForAll JsonFormat format,
      @ForAll @Size(max = 12) List<@From("objects") Map<String, Object>> objects) throws Exception {
    // the fast path compares each name with the one after the previous name last line, then with last line's at its
    // position: lines that reorder names must not mislead it
    JsonLineParser reused = new JsonLineParser(format.mapping(), ZoneOffset.UTC, true);
    List<Map<String, Object>> lines = new ArrayList<>(objects);
    lines.addAll(objects);
    for (Map<String, Object> object : lines) {
      byte[] line = PLAIN.writeValueAsBytes(object);
      assertThat(outcome(reused, line))
          .isEqualTo(outcome(new JsonLineParser(format.mapping(), ZoneOffset.UTC, false), line));
    }
  }

  @Test
  void membersThatComeAndGoFromLineToLineReadAsJacksonReadsThem() {
    // a member left out, added, moved or named by another's name shifts what comes after it
    List<String> lines = List.of(
        "{\"@timestamp\":1763633730,\"message\":\"a\",\"span_kind\":\"SERVER\",\"level\":\"INFO\",\"app\":\"x\"}",
        "{\"@timestamp\":1763633730,\"message\":\"b\",\"level\":\"INFO\",\"app\":\"x\"}",
        "{\"@timestamp\":1763633730,\"message\":\"c\",\"span_kind\":\"CLIENT\",\"level\":\"WARN\",\"app\":\"y\"}",
        "{\"@timestamp\":1763633730,\"level\":\"INFO\",\"message\":\"d\",\"app\":\"x\"}",
        "{\"@timestamp\":1763633730,\"message\":\"e\",\"level\":\"INFO\",\"level\":\"ERROR\",\"app\":\"x\"}",
        "{\"@timestamp\":1763633730,\"log\":{\"level\":\"warn\",\"logger\":\"L\"},\"level\":\"INFO\"}",
        "{\"@timestamp\":1763633730,\"log\":{\"logger\":\"L\",\"level\":\"warn\"},\"message\":\"f\"}",
        "{\"@timestamp\":1763633730,\"message\":\"g\",\"app\":\"x\",\"level\":\"DEBUG\"}",
        "{\"message\":\"h\",\"@timestamp\":1763633730}",
        // a value or a name met again, then the same with more after it, an escape in it, a space before its colon
        "{\"@timestamp\":1763633730,\"message\":\"i\",\"level\":\"INFO\",\"app\":\"x\"}",
        "{\"@timestamp\":1763633730,\"message\":\"i\",\"level\":\"INFOX\",\"app\":\"x\\n\"}",
        "{\"@timestamp\":1763633730,\"message\":\"i\",\"level\" :\"INFO\",\"ap\":\"x\"}",
        "{\"@timestamp\":1763633730,\"message\":\"i\",\"level\":\"INFO\\u0021\",\"app\":\"x\"}");
    for (JsonFormat format : JsonFormat.values()) {
      JsonLineParser reused = new JsonLineParser(format.mapping(), ZoneOffset.UTC, true);
      for (int round = 0; round < 3; round++) {
        for (String text : lines) {
          byte[] line = text.getBytes(StandardCharsets.UTF_8);
          assertThat(outcome(reused, line)).as(format + " " + text)
              .isEqualTo(outcome(new JsonLineParser(format.mapping(), ZoneOffset.UTC, false), line));
        }
      }
      assertThat(reused.linesWithoutJackson()).isEqualTo(3L * lines.size());
    }
  }

  /**
   * The string scan reads eight bytes at a time: every byte that ends or interrupts a string (quote, backslash,
   * control character, byte above 0x7F) and every neighbour a borrow between lanes could confuse (0x20 after a
   * control character, 0x21 after a quote, 0x5D after a backslash) at each of the lanes of a word and in the tail.
   */
  @Test
  void stringsWithASpecialByteInEveryLaneReadAsJacksonReadsThem() {
    byte[][] specials = {{'"'}, {'\\'}, {'\\', '"'}, {'\\', '\\'}, {'\\', 'n'}, {'\\', 'x'}, {0x01}, {0x1F},
        {0x1F, 0x20}, {'"', 0x21}, {'\\', 0x5D}, {0x20}, {0x21}, {0x5B}, {0x7F}, {(byte) 0x80},
        {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xFF}, {0x00}};
    for (byte[] special : specials) {
      for (int before = 0; before <= 17; before++) {
        for (int after : new int[] {0, 1, 7, 8, 9}) {
          java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
          line.writeBytes("{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\""
              .getBytes(StandardCharsets.US_ASCII));
          line.writeBytes("a".repeat(before).getBytes(StandardCharsets.US_ASCII));
          line.writeBytes(special);
          line.writeBytes("b".repeat(after).getBytes(StandardCharsets.US_ASCII));
          line.writeBytes("\",\"level\":\"INFO\"}".getBytes(StandardCharsets.US_ASCII));
          for (JsonFormat format : JsonFormat.values()) {
            sameWithAndWithoutFastPath(format, line.toByteArray());
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"@timestamp\":\"2026-11-20T10:15:30.123Z\",\"message\":\"a \\\"quoted\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\\u20ac\\ud83d\\ude00 \\ud800\"}",
      "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"bad escape \\x\"}",
      "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"short unicode \\u12\"}",
      "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"unclosed}",
      "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"caf\u00e9\"}",
      "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"tab\there\"}",
      "  {\"@timestamp\" : 1763633730123 , \"level\" : 30 , \"n\" : -0 , \"f\" : 1.5e-3 , \"t\" : true , \"x\" : null }  ",
      "{\"@timestamp\":1763633730.123,\"count\":0123}",
      "{\"@timestamp\":1763633730,\"count\":1.}",
      "{\"@timestamp\":1763633730,\"count\":-}",
      "{\"@timestamp\":1763633730,\"count\":1e}",
      "{\"@timestamp\":1763633730,\"count\":12345678901234567890123}",
      "{\"@timestamp\":1763633730,\"count\":123456789012345678}",
      "{\"@timestamp\":1763633730,\"count\":1234567890123456789}",
      "{\"@timestamp\":1763633730,\"count\":tru}",
      "{\"@timestamp\":1763633730,\"count\":truex}",
      "{\"@timestamp\":1763633730,\"count\":1}x",
      "{\"@timestamp\":1763633730,\"count\":1}{}",
      "{\"@timestamp\":1763633730,}",
      "{\"@timestamp\":1763633730 \"a\":1}",
      "{}",
      "[]",
      "",
      "{\"@timestamp\":1763633730,\"log\":{\"level\":\"warn\",\"origin\":{\"file\":{\"name\":\"A.java\",\"line\":12}}}}",
      "{\"@timestamp\":1763633730,\"tags\":[\"a\",\"b\"]}",
      "{\"@timestamp\":1763633730,\"a\\u0062\":\"escaped name\"}",
      "{\"@timestamp\":1763633730,\"bad\\q\":\"bad name\"}",
      "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"m\",\"message\":\"duplicate\"}",
  })
  void handMadeLinesReadAsJacksonReadsThem(String line) {
    for (JsonFormat format : JsonFormat.values()) {
      sameWithAndWithoutFastPath(format, line.getBytes(StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"ok \\\"q\\\"\",\"n\":1,\"f\":2.5,\"b\":false,\"z\":null,\"o\":{\"k\":\"v\"}}",
      "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"Searching for \\\"\u30c1\u30e7\u30b3\\\" in caf\u00e9 \u20ac \ud83d\ude00\\n\"}",
      "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"bad escape \\x\"}", // not JSON: Jackson says why
  })
  void theFastPathReadsLinesOfStringsNumbersAndObjects(String line) {
    JsonLineParser parser = new JsonLineParser(JsonFormat.LOGSTASH.mapping(), ZoneOffset.UTC, true);
    outcome(parser, line.getBytes(StandardCharsets.UTF_8));
    assertThat(parser.linesWithoutJackson()).isEqualTo(line.contains("\\x") ? 0 : 1);
  }

  /**
   * The logs real libraries wrote: every line reads as Jackson reads it, and every line without an array (the shape
   * the fast path claims; the files are UTF-8) is read by the fast path, so the comparison covers it.
   */
  @ParameterizedTest
  @CsvSource({
      "logback-logstash.log, LOGSTASH", "logback-ecs.log, ECS", "log4j2-ecs-template.log, ECS",
      "log4j2-logstash-template.log, LOGSTASH", "spring-boot-ecs.log, ECS", "spring-boot-logstash.log, LOGSTASH",
      "spring-boot-gelf.log, GELF", "pino.log, PINO", "bunyan.log, BUNYAN", "winston.log, GENERIC",
      "structlog.log, GENERIC"})
  void realLoggersLinesReadAsJacksonReadsThem(String file, JsonFormat format) throws Exception {
    List<String> lines = Files.readAllLines(
        Path.of(getClass().getResource("/fixtures/real/" + file).toURI()), StandardCharsets.UTF_8);
    JsonLineParser fast = new JsonLineParser(format.mapping(), ZoneOffset.UTC, true);
    JsonLineParser jackson = new JsonLineParser(format.mapping(), ZoneOffset.UTC, false);
    long plain = 0;
    for (String text : lines) {
      byte[] line = text.getBytes(StandardCharsets.UTF_8);
      assertThat(outcome(fast, line)).as(text).isEqualTo(outcome(jackson, line));
      plain += isObjectWithoutArrays(text) ? 1 : 0;
    }
    assertThat(lines).isNotEmpty();
    assertThat(fast.linesWithoutJackson()).isEqualTo(plain);
  }

  private static boolean isObjectWithoutArrays(String line) {
    try {
      JsonNode tree = PLAIN.readTree(line);
      return tree != null && tree.isObject() && !hasArray(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return false;
    }
  }

  private static boolean hasArray(JsonNode node) {
    if (node.isArray()) {
      return true;
    }
    for (JsonNode child : node) {
      if (hasArray(child)) {
        return true;
      }
    }
    return false;
  }

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    return new JsonLineParserPropertyTest().objects();
  }
}
