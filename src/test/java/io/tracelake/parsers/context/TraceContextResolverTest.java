package io.tracelake.parsers.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.LogEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceContextResolverTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";
  private static final String PARENT = "53995c3f42cd8ad8";
  private static final String TRACEPARENT = "00-" + TRACE + "-" + SPAN + "-01";

  private final TraceContextResolver resolver = new TraceContextResolver(List.of("req-([0-9a-f-]{36})"));

  private static LogEvent.Builder event() {
    return LogEvent.builder(1_795_169_730_123_456L).message("m");
  }

  private static Map<String, String> attributes(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void returnsAResolvedEventItself() {
    LogEvent resolved = event().traceId(TRACE).spanId(SPAN).parentSpanId(PARENT)
        .attributes(attributes("traceparent", "00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01")).build();
    assertThat(resolver.resolve(resolved)).isSameAs(resolved);
    ResolvedEvent withSource = resolver.resolveWithSource(resolved);
    assertThat(withSource.event()).isSameAs(resolved);
    assertThat(withSource.source()).isEqualTo(TraceContextSource.FIELD);
  }

  @Test
  void idsMetAgainAreNormalisedUnlessTheyAreTheSameCheckedStrings() {
    LogEvent first = event().traceId(TRACE).spanId(SPAN).parentSpanId(PARENT).build();
    assertThat(resolver.resolve(first)).isSameAs(first);
    LogEvent again = event().traceId(TRACE).spanId(SPAN).parentSpanId(PARENT).message("again").build();
    assertThat(resolver.resolve(again)).isSameAs(again);
    // the same ids in another case, and an all-zero parent after a good one, still need their normal form
    LogEvent upper = resolver.resolve(event().traceId(TRACE.toUpperCase()).spanId(SPAN.toUpperCase())
        .parentSpanId("0000000000000000").build());
    assertThat(upper.traceId()).isEqualTo(TRACE);
    assertThat(upper.spanId()).isEqualTo(SPAN);
    assertThat(upper.parentSpanId()).isNull();
    // a span's id checked as its span id is checked again as a parent id
    LogEvent child = event().traceId(TRACE).spanId(PARENT).parentSpanId(SPAN).build();
    assertThat(resolver.resolve(child)).isSameAs(child);
  }

  @Test
  void normalisesTheEventsOwnIdsWithoutRecordingASource() {
    LogEvent event = resolver.resolve(event().traceId(" 4BF92F3577B34DA6A3CE929D0E0E4736 ").spanId("00F067AA0BA902B7")
        .parentSpanId("0000000000000000").build());
    assertThat(event.traceId()).isEqualTo(TRACE);
    assertThat(event.spanId()).isEqualTo(SPAN);
    assertThat(event.parentSpanId()).isNull();
    assertThat(event.requestId()).isNull();
    assertThat(event.attributes()).isEmpty();
  }

  @Test
  void aRequestIdLoggedAsTraceIdIsHashedAndKept() {
    LogEvent event = resolver.resolve(event().traceId("req-abc").spanId("1").build());
    assertThat(event.traceId()).isEqualTo("406f654f5a0648103cd8404d10f8be08");
    assertThat(event.requestId()).isEqualTo("req-abc");
    assertThat(event.spanId()).matches("[0-9a-f]{16}");
  }

  @Test
  void readsEachPropagationHeaderFromAttributesOfAnyCase() {
    assertContext(attributes("traceparent", TRACEPARENT), TRACE, SPAN, null, "traceparent");
    assertContext(attributes("req.headers.TraceParent", TRACEPARENT), TRACE, SPAN, null, "traceparent");
    assertContext(attributes("b3", "463ac35c9f6413ad-" + SPAN + "-1-" + PARENT),
        "0000000000000000463ac35c9f6413ad", SPAN, PARENT, "b3");
    assertContext(attributes("X-B3-TraceId", TRACE.toUpperCase(), "X-B3-SpanId", SPAN, "X-B3-ParentSpanId", PARENT),
        TRACE, SPAN, PARENT, "b3_multi");
    assertContext(attributes("mdc.x_b3_traceid", TRACE), TRACE, null, null, "b3_multi");
    assertContext(attributes("uber-trace-id", TRACE + "%3A" + SPAN + "%3A" + PARENT + "%3A1"), TRACE, SPAN, PARENT, "uber_trace_id");
    assertContext(attributes("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=" + PARENT + ";Sampled=1"),
        "5759e988bd862e3fe1be46a994272793", PARENT, null, "amzn_trace_id");
    assertContext(attributes("http.request.header.traceparent", "[\"" + TRACEPARENT + "\"]"), TRACE, SPAN, null, "traceparent");
  }

  private void assertContext(Map<String, String> attributes, String traceId, String spanId, String parentSpanId, String source) {
    LogEvent event = resolver.resolve(event().attributes(attributes).build());
    assertThat(event.traceId()).as("trace id from %s", attributes).isEqualTo(traceId);
    assertThat(event.spanId()).as("span id from %s", attributes).isEqualTo(spanId);
    assertThat(event.parentSpanId()).as("parent span id from %s", attributes).isEqualTo(parentSpanId);
    assertThat(event.requestId()).isNull();
    assertThat(event.attribute(TraceContextResolver.SOURCE_ATTRIBUTE)).isEqualTo(source);
    assertThat(event.attributes()).containsAllEntriesOf(attributes);
  }

  @Test
  void prefersTraceContextsToRequestIdsAndTheEventsOwnSpanIds() {
    LogEvent event = resolver.resolve(event().requestId("req-1").spanId("AAAAAAAAAAAAAAAA")
        .attributes(attributes("x-request-id", "abc", "b3", "0", "traceparent", TRACEPARENT)).build());
    assertThat(event.traceId()).isEqualTo(TRACE);
    assertThat(event.spanId()).isEqualTo("aaaaaaaaaaaaaaaa");
    assertThat(event.requestId()).isEqualTo("req-1");
    assertThat(event.attribute(TraceContextResolver.SOURCE_ATTRIBUTE)).isEqualTo("traceparent");
  }

  @Test
  void passesOverHeadersItCannotReadToTheNextSource() {
    LogEvent event = resolver.resolve(event().attributes(attributes("traceparent", "garbage", "b3", "1",
        "uber-trace-id", "x:y:z:w", "X-Amzn-Trace-Id", "Root=nope", "X-Request-ID", "9F2C1E4A-7B3D-4C8E-A1F0-2B3C4D5E6F70"))
        .build());
    assertThat(event.traceId()).isEqualTo("9f2c1e4a7b3d4c8ea1f02b3c4d5e6f70");
    assertThat(event.requestId()).isEqualTo("9F2C1E4A-7B3D-4C8E-A1F0-2B3C4D5E6F70");
    assertThat(event.attribute(TraceContextResolver.SOURCE_ATTRIBUTE)).isEqualTo("request_id_attribute");
  }

  @Test
  void anAllZeroTraceIdIsAbsent() {
    LogEvent event = resolver.resolve(event().traceId("00000000000000000000000000000000").spanId("0000000000000000")
        .attributes(attributes("traceparent", TRACEPARENT)).build());
    assertThat(event.traceId()).isEqualTo(TRACE);
    assertThat(event.spanId()).isEqualTo(SPAN);
  }

  @Test
  void readsRequestIdsFromTheEventThenAttributesThenMessagePatterns() {
    LogEvent own = resolver.resolveWithSource(event().requestId("req-abc").attributes(attributes("x-request-id", "other")).build()).event();
    assertThat(own.traceId()).isEqualTo("406f654f5a0648103cd8404d10f8be08");
    assertThat(own.requestId()).isEqualTo("req-abc");
    assertThat(own.attributes()).doesNotContainKey(TraceContextResolver.SOURCE_ATTRIBUTE);

    for (String name : List.of("X-Request-ID", "x_request_id", "request_id", "requestId", "req_id", "ctx.reqId", "correlationId")) {
      LogEvent event = resolver.resolve(event().attributes(attributes(name, " req-abc ")).build());
      assertThat(event.traceId()).as(name).isEqualTo("406f654f5a0648103cd8404d10f8be08");
      assertThat(event.requestId()).as(name).isEqualTo("req-abc");
    }

    LogEvent openstack = resolver.resolve(LogEvent.builder(0)
        .message("[req-1c6a4b2e-98f0-4c3b-9d1e-5f2a7b8c9d0e admin admin] GET /v2.1/servers").build());
    assertThat(openstack.traceId()).isEqualTo("1c6a4b2e98f04c3b9d1e5f2a7b8c9d0e");
    assertThat(openstack.requestId()).isEqualTo("1c6a4b2e-98f0-4c3b-9d1e-5f2a7b8c9d0e");
    assertThat(openstack.attribute(TraceContextResolver.SOURCE_ATTRIBUTE)).isEqualTo("message_pattern");
  }

  @Test
  void placeholderAndEmptyRequestIdsGiveNoTrace() {
    for (String value : List.of("-", "null", "undefined", "[]", "[ ]", "\"\"", "  ")) {
      LogEvent event = resolver.resolve(event().requestId(value.isBlank() ? null : value)
          .attributes(attributes("X-Request-ID", value, "req_id", "0")).build());
      assertThat(event.traceId()).as(value).isNull();
    }
    assertThat(resolver.resolve(event().attributes(attributes("X-Request-ID", "[abc]")).build()).requestId()).isEqualTo("abc");
  }

  @Test
  void aHexRequestIdIsTheTraceIdAndNotRepeatedAsRequestId() {
    LogEvent event = resolver.resolve(event().attributes(attributes("X-Request-ID", TRACE.toUpperCase())).build());
    assertThat(event.traceId()).isEqualTo(TRACE);
    assertThat(event.requestId()).isNull();
  }

  @Test
  void findsTraceContextInTheMessageBeforeRequestIds() {
    LogEvent traceparent = resolver.resolve(event().requestId("req-9")
        .message("outgoing call traceparent: " + TRACEPARENT + " to inventory").build());
    assertThat(traceparent.traceId()).isEqualTo(TRACE);
    assertThat(traceparent.requestId()).isEqualTo("req-9");
    assertThat(traceparent.attribute(TraceContextResolver.SOURCE_ATTRIBUTE)).isEqualTo("message_traceparent");

    LogEvent jaeger = resolver.resolve(event().message("Span reported: uber-trace-id=" + TRACE + ":" + SPAN + ":0:1").build());
    assertThat(jaeger.traceId()).isEqualTo(TRACE);
    assertThat(jaeger.spanId()).isEqualTo(SPAN);
    assertThat(jaeger.attribute(TraceContextResolver.SOURCE_ATTRIBUTE)).isEqualTo("message_uber_trace_id");
  }

  @Test
  void leavesAnEventWithoutContextAlone() {
    LogEvent plain = event().message("GC pause 12ms").attributes(attributes("user", "42")).build();
    ResolvedEvent resolved = resolver.resolveWithSource(plain);
    assertThat(resolved.event()).isSameAs(plain);
    assertThat(resolved.source()).isEqualTo(TraceContextSource.NONE);
    LogEvent empty = LogEvent.builder(0).build();
    assertThat(resolver.resolve(empty)).isSameAs(empty);
  }

  @Test
  void keepsEveryOtherField() {
    LogEvent raw = LogEvent.builder(7).level("INFO").service("s").instance("i").logger("l").thread("t").message("m")
        .traceId("ABC").exceptionType("E").exceptionMessage("x").httpMethod("GET").httpPath("/p").httpStatus(200)
        .durationUs(5L).stream("stderr").attributes(Map.of("a", "b")).build();
    LogEvent event = resolver.resolve(raw);
    assertThat(event).usingRecursiveComparison().ignoringFields("traceId", "requestId").isEqualTo(raw);
    assertThat(event.requestId()).isEqualTo("ABC");
  }

  @Test
  void reportsBadPatternsInOneLine() {
    assertThatThrownBy(() -> new TraceContextResolver(List.of("req-(")))
        .hasMessageStartingWith("trace id pattern 'req-(' does not compile: ").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> new TraceContextResolver(List.of("req-[0-9a-f]+")))
        .hasMessage("trace id pattern 'req-[0-9a-f]+' needs a capture group around the id");
  }

  @Test
  void textFormatsFindIdsWrittenInTheMessageAsServicesPrintThem() {
    TraceContextResolver text = new TraceContextResolver(List.of(), List.of(), List.of(), true);
    for (String message : List.of("charged trace_id=" + TRACE + " span_id=" + SPAN,
        "charged (traceId=" + TRACE.toUpperCase() + ", spanId=" + SPAN + ")",
        "charged TraceID: " + TRACE + " SpanID: " + SPAN,
        "charged {\"trace_id\": \"" + TRACE + "\", \"span_id\": \"" + SPAN + "\"}")) {
      ResolvedEvent resolved = text.resolveWithSource(event().message(message).build());
      assertThat(resolved.event().traceId()).as(message).isEqualTo(TRACE);
      assertThat(resolved.event().spanId()).as(message).isEqualTo(SPAN);
      assertThat(resolved.source()).isEqualTo(TraceContextSource.MESSAGE_ID);
      assertThat(resolved.event().attribute(TraceContextResolver.SOURCE_ATTRIBUTE)).isEqualTo("message_id");
    }
    // not an id: a Datadog decimal, a longer hex run, a word that only ends in trace_id; and JSON formats do not look
    for (String message : List.of("dd.trace_id=1234567890123456", "trace_id=" + TRACE + "ff", "mytrace_id=" + TRACE)) {
      assertThat(text.resolve(event().message(message).build()).traceId()).as(message).isNull();
    }
    assertThat(resolver.resolve(event().message("trace_id=" + TRACE).build()).traceId()).isNull();
    // a parent id named without the word span, beside ids the event's own fields gave
    LogEvent parentOnly = text.resolve(event().traceId(TRACE).spanId(SPAN).message("called (parentId=" + PARENT + ")")
        .build());
    assertThat(parentOnly.parentSpanId()).isEqualTo(PARENT);
  }

  @Test
  void configuredPatternsTakeSpanAndParentIdsFromTheMessageInAnyFormat() {
    TraceContextResolver configured = new TraceContextResolver(List.of("trace=([0-9a-f]{32})"),
        List.of("span=([0-9a-f]{16})"), List.of("parent=([0-9a-f]{16})"), false);
    LogEvent event = configured.resolve(event().message("x trace=" + TRACE + " span=" + SPAN + " parent=" + PARENT)
        .build());
    assertThat(event.traceId()).isEqualTo(TRACE);
    assertThat(event.spanId()).isEqualTo(SPAN);
    assertThat(event.parentSpanId()).isEqualTo(PARENT);
    // the event's own trace id stays; the span comes from the message
    LogEvent own = configured.resolve(event().traceId(TRACE).message("span=" + SPAN).build());
    assertThat(own.spanId()).isEqualTo(SPAN);
    assertThatThrownBy(() -> new TraceContextResolver(List.of(), List.of("span=[0-9a-f]{16}"), List.of(), false))
        .hasMessage("span id pattern 'span=[0-9a-f]{16}' needs a capture group around the id");
  }

  @Test
  void datadogDecimalIdsBecomeHex() {
    assertThat(TraceIds.decimalAsHex("2341687184482367195")).isEqualTo("207f58166627f6db");
    assertThat(TraceIds.normalizeTraceId(TraceIds.decimalAsHex("18446744073709551615")))
        .isEqualTo("0000000000000000ffffffffffffffff");
    assertThat(TraceIds.decimalAsHex("abc")).isEqualTo("abc");
    assertThat(TraceIds.decimalAsHex("18446744073709551616")).isEqualTo("18446744073709551616");
  }
}
