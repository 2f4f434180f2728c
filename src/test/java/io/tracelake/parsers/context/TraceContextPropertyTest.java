package io.tracelake.parsers.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.LogEvent;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The resolver never throws, and ids written in any propagation format come back as stored ids. */
class TraceContextPropertyTest {

  private static final TraceContextResolver RESOLVER = new TraceContextResolver(List.of("req-([0-9a-f-]{36})", "(a*)*b"));
  private static final List<String> NAMES = List.of("traceparent", "b3", "X-B3-TraceId", "X-B3-SpanId", "X-B3-ParentSpanId",
      "uber-trace-id", "X-Amzn-Trace-Id", "X-Request-ID", "request_id", "req.headers.requestId", "req_id", "user");

  @Property(tries = 1000)
  void neverThrowsAndAlwaysStoresWellFormedIds(@ForAll("events") LogEvent raw) {
    LogEvent event = RESOLVER.resolve(raw);
    assertThat(event.traceId()).satisfiesAnyOf(id -> assertThat(id).isNull(), id -> assertThat(id).matches("[0-9a-f]{32}"));
    assertThat(event.spanId()).satisfiesAnyOf(id -> assertThat(id).isNull(), id -> assertThat(id).matches("[0-9a-f]{16}"));
    assertThat(event.parentSpanId()).satisfiesAnyOf(id -> assertThat(id).isNull(), id -> assertThat(id).matches("[0-9a-f]{16}"));
    assertThat(event.traceId()).isNotEqualTo("0".repeat(32));
    // a resolved event is left as it is
    assertThat(RESOLVER.resolve(event)).isSameAs(event);
  }

  @Provide
  Arbitrary<LogEvent> events() {
    Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.just(null),
        Arbitraries.strings().withChars("0123456789abcdefABCDEF-:x%3A ").ofMaxLength(60));
    Arbitrary<Map<String, String>> attributes = Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(NAMES), Arbitraries.strings()),
        ids.filter(value -> value != null)).ofMaxSize(5);
    Arbitrary<String> messages = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200), Arbitraries.just(null),
        Arbitraries.strings().withChars("0123456789abcdef-:= uber-trace-idreq").ofMaxLength(200));
    return Combinators.combine(ids, ids, ids, ids, messages, attributes).as((traceId, spanId, parent, requestId, message, attrs) ->
        LogEvent.builder(0).traceId(traceId).spanId(spanId).parentSpanId(parent).requestId(requestId).message(message)
            .attributes(attrs).build());
  }

  @Property(tries = 300)
  void idsRoundTripThroughEveryHeaderFormat(@ForAll("traceIds") byte[] trace, @ForAll("spanIds") byte[] span,
      @ForAll("spanIds") byte[] parent, @ForAll boolean upperCase) {
    String traceHex = HexFormat.of().formatHex(trace);
    String spanHex = HexFormat.of().formatHex(span);
    String parentHex = HexFormat.of().formatHex(parent);
    String shortTraceHex = traceHex.substring(16);
    String written = upperCase ? traceHex.toUpperCase(Locale.ROOT) : traceHex;
    String writtenSpan = upperCase ? spanHex.toUpperCase(Locale.ROOT) : spanHex;

    expect(Map.of("traceparent", "00-" + written + "-" + writtenSpan + "-01"), traceHex, spanHex, null);
    expect(Map.of("b3", written + "-" + writtenSpan + "-1-" + parentHex), traceHex, spanHex, parentHex);
    // a 64-bit trace id is padded to 128 bits; a zero one is no trace id
    boolean zeroShort = shortTraceHex.equals("0".repeat(16));
    expect(Map.of("b3", shortTraceHex + "-" + spanHex), zeroShort ? null : "0".repeat(16) + shortTraceHex,
        zeroShort ? null : spanHex, null);
    expect(Map.of("X-B3-TraceId", written, "X-B3-SpanId", writtenSpan, "X-B3-ParentSpanId", parentHex), traceHex, spanHex, parentHex);
    // Jaeger drops leading zeros
    expect(Map.of("uber-trace-id", stripZeros(traceHex) + "%3A" + stripZeros(spanHex) + "%3A" + parentHex + "%3A1"),
        traceHex, spanHex, parentHex);
    expect(Map.of("X-Amzn-Trace-Id", "Root=1-" + traceHex.substring(0, 8) + "-" + traceHex.substring(8) + ";Parent=" + spanHex
        + ";Sampled=1"), traceHex, spanHex, null);
    String uuid = traceHex.substring(0, 8) + "-" + traceHex.substring(8, 12) + "-" + traceHex.substring(12, 16) + "-"
        + traceHex.substring(16, 20) + "-" + traceHex.substring(20);
    expect(Map.of("X-Request-ID", upperCase ? uuid.toUpperCase(Locale.ROOT) : uuid), traceHex, null, null);

    LogEvent fromMessage = RESOLVER.resolve(LogEvent.builder(0).message("GET /x traceparent=00-" + written + "-" + writtenSpan + "-00").build());
    assertThat(fromMessage.traceId()).isEqualTo(traceHex);
    assertThat(fromMessage.spanId()).isEqualTo(spanHex);
    LogEvent own = RESOLVER.resolve(LogEvent.builder(0).traceId("0x" + written).spanId(" " + writtenSpan).build());
    assertThat(own.traceId()).isEqualTo(traceHex);
    assertThat(own.spanId()).isEqualTo(spanHex);
  }

  private static void expect(Map<String, String> attributes, String traceId, String spanId, String parentSpanId) {
    LogEvent event = RESOLVER.resolve(LogEvent.builder(0).attributes(attributes).build());
    assertThat(event.traceId()).as("%s", attributes).isEqualTo(traceId);
    assertThat(event.spanId()).as("%s", attributes).isEqualTo(spanId);
    assertThat(event.parentSpanId()).as("%s", attributes).isEqualTo(parentSpanId);
  }

  private static String stripZeros(String hex) {
    String stripped = hex.replaceFirst("^0+", "");
    return stripped.isEmpty() ? "0" : stripped;
  }

  @Provide
  Arbitrary<byte[]> traceIds() {
    return nonZeroBytes(16);
  }

  @Provide
  Arbitrary<byte[]> spanIds() {
    return nonZeroBytes(8);
  }

  private static Arbitrary<byte[]> nonZeroBytes(int length) {
    // leading zero bytes are the edge case of padding: make them likely
    Arbitrary<Byte> bytes = Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.just((byte) 0));
    return bytes.array(byte[].class).ofSize(length).filter(array -> {
      for (byte b : array) {
        if (b != 0) {
          return true;
        }
      }
      return false;
    });
  }
}
