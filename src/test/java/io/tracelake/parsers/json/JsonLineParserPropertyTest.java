package io.tracelake.parsers.json;

import io.tracelake.parsers.FieldRole;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.model.LogEvent;
import io.tracelake.parsers.LineRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** No input makes the JSON parser throw anything but a reasoned rejection, whatever the format. */
class JsonLineParserPropertyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static void parseOrReject(JsonFormat format, byte[] line) {
    JsonLineParser parser = new JsonLineParser(format.mapping(), ZoneOffset.UTC);
    try {
      assertThat(parser.parse(line, 0, line.length)).isNotNull();
    } catch (LineRejectedException e) {
      assertThat(e.reason()).isNotNull();
      assertThat(e.getMessage()).doesNotContain("\n");
    }
  }

  @Property(tries = 300)
  void anyTextIsAnEventOrAReject(@ForAll JsonFormat format, @ForAll String line) {
    parseOrReject(format, line.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 300)
  void anyBytesAreAnEventOrAReject(@ForAll JsonFormat format, @ForAll byte[] line) {
    parseOrReject(format, line);
  }

  @Property(tries = 500)
  void anyJsonObjectWithTheFormatsFieldsIsAnEventOrAReject(@ForAll JsonFormat format,
      @ForAll("objects") Map<String, Object> object) throws JsonProcessingException {
    parseOrReject(format, JSON.writeValueAsBytes(object));
  }

  @Property(tries = 300)
  void aMessageComesBackAsLogged(@ForAll JsonFormat format, @ForAll String message) throws Exception {
    String messageField = format.mapping().fields(FieldRole.MESSAGE).get(0);
    String timestampField = format.mapping().fields(FieldRole.TIMESTAMP).get(0);
    Map<String, Object> object = new LinkedHashMap<>();
    object.put(timestampField, "2026-11-20T10:15:30.123Z");
    object.put(messageField, message);
    // the Java encoder writes a lone surrogate as '?': so does the line a logger would have written
    String expected = new String(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    byte[] line = JSON.writeValueAsString(object).getBytes(StandardCharsets.UTF_8);
    LogEvent event = new JsonLineParser(format.mapping(), ZoneOffset.UTC).parse(line, 0, line.length);
    assertThat(event.message()).isEqualTo(expected);
  }

  @Property(tries = 100)
  void aParserReusedAcrossLinesReadsEachAsAFreshOneWould(@ForAll JsonFormat format,
      @ForAll @net.jqwik.api.constraints.Size(max = 12) List<@From("objects") Map<String, Object>> objects) throws JsonProcessingException {
    // the parser remembers the fields it met (and OpenTelemetry keys by position): that must not change results
    JsonLineParser reused = new JsonLineParser(format.mapping(), ZoneOffset.UTC);
    List<Map<String, Object>> lines = new ArrayList<>(objects);
    lines.addAll(objects);
    for (Map<String, Object> object : lines) {
      byte[] line = JSON.writeValueAsBytes(object);
      assertThat(outcome(reused, line)).isEqualTo(outcome(new JsonLineParser(format.mapping(), ZoneOffset.UTC), line));
    }
  }

  private static Object outcome(JsonLineParser parser, byte[] line) {
    try {
      return parser.parse(line, 0, line.length);
    } catch (LineRejectedException e) {
      return e.reason() + ": " + e.getMessage();
    }
  }

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    return objectOf(3);
  }

  private static Arbitrary<Map<String, Object>> objectOf(int depth) {
    return Arbitraries.maps(keys(), valueOf(depth - 1)).ofMaxSize(8);
  }

  private static Arbitrary<String> keys() {
    Set<String> names = new TreeSet<>();
    for (JsonFormat format : JsonFormat.values()) {
      JsonFieldMapping mapping = format.mapping();
      mapping.fields().values().forEach(names::addAll);
      names.addAll(mapping.ignored());
      names.addAll(mapping.keyValueLists());
      for (String name : new ArrayList<>(names)) {
        names.addAll(List.of(name.split("\\.")));
      }
    }
    return Arbitraries.oneOf(Arbitraries.of(names), Arbitraries.strings().ofMaxLength(8));
  }

  private static Arbitrary<Object> valueOf(int depth) {
    List<Arbitrary<?>> choices = new ArrayList<>(List.of(
        Arbitraries.strings().ofMaxLength(20),
        Arbitraries.of("", " ", "0", "30", "2026-11-20T10:15:30Z", "1544712660300000000", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "java.lang.IllegalStateException: boom\n\tat x", "Traceback (most recent call last):\nValueError: v"),
        Arbitraries.longs(),
        Arbitraries.doubles(),
        Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(19), java.math.BigInteger.TEN.pow(40)),
        Arbitraries.of(true, false),
        Arbitraries.just(null)));
    if (depth > 0) {
      choices.add(Arbitraries.lazy(() -> objectOf(depth)));
      choices.add(Arbitraries.lazy(() -> valueOf(depth - 1)).list().ofMaxSize(4));
      choices.add(Arbitraries.lazy(() -> keyValue(depth)).list().ofMaxSize(4));
    }
    return Arbitraries.oneOf(choices).map(Object.class::cast);
  }

  /** An OpenTelemetry KeyValue, sometimes malformed. */
  private static Arbitrary<Map<String, Object>> keyValue(int depth) {
    Arbitrary<Map<String, Object>> anyValue = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(10).map(text -> Map.<String, Object>of("stringValue", text)),
        Arbitraries.longs().map(number -> Map.<String, Object>of("intValue", String.valueOf(number))),
        Arbitraries.lazy(() -> keyValue(depth - 1).list().ofMaxSize(3))
            .map(values -> Map.<String, Object>of("kvlistValue", Map.of("values", values))),
        Arbitraries.lazy(() -> objectOf(depth - 1)));
    return depth <= 0
        ? Arbitraries.just(Map.of("key", "k"))
        : net.jqwik.api.Combinators.combine(keys(), anyValue).as((key, value) -> Map.of("key", key, "value", value));
  }
}
