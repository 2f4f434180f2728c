package io.tracelake.parsers.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PropagationHeadersTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";
  private static final String PARENT = "53995c3f42cd8ad8";

  @Test
  void readsTraceparent() {
    assertThat(PropagationHeaders.traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .isEqualTo(new TraceContext(TRACE, SPAN, null, null, TraceContextSource.TRACEPARENT));
    assertThat(PropagationHeaders.traceparent(" 00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-00 ").traceId())
        .isEqualTo(TRACE);
    // a later version may add fields; an OpenTelemetry header attribute is an array of values
    assertThat(PropagationHeaders.traceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever")).isNotNull();
    assertThat(PropagationHeaders.traceparent("[\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"]").spanId())
        .isEqualTo(SPAN);
  }

  @Test
  void rejectsMalformedTraceparents() {
    assertThat(PropagationHeaders.traceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
    assertThat(PropagationHeaders.traceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNull();
    assertThat(PropagationHeaders.traceparent("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01")).isNull();
    assertThat(PropagationHeaders.traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x")).isNull();
    assertThat(PropagationHeaders.traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x")).isNull();
    assertThat(PropagationHeaders.traceparent("")).isNull();
    assertThat(PropagationHeaders.traceparent(null)).isNull();
    // a zero parent-id leaves the span unknown but the trace is still read
    assertThat(PropagationHeaders.traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01").spanId()).isNull();
  }

  @Test
  void findsTraceparentsInText() {
    assertThat(PropagationHeaders.findTraceparent("calling inventory with traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 now"))
        .isEqualTo(new TraceContext(TRACE, SPAN, null, null, TraceContextSource.MESSAGE_TRACEPARENT));
    assertThat(PropagationHeaders.findTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNotNull();
    assertThat(PropagationHeaders.findTraceparent("a-b-c 2026-11-20 x00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNull();
    assertThat(PropagationHeaders.findTraceparent("no ids - here - at all")).isNull();
  }

  @Test
  void readsB3SingleHeaders() {
    assertThat(PropagationHeaders.b3("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90"))
        .isEqualTo(new TraceContext("80f198ee56343ba864fe8b2a57d3eff7", "e457b5a2e4d86bd1", "05e3ac9a4f6e3b90", null,
            TraceContextSource.B3));
    assertThat(PropagationHeaders.b3("463ac35c9f6413ad-e457b5a2e4d86bd1").traceId()).isEqualTo("0000000000000000463ac35c9f6413ad");
    assertThat(PropagationHeaders.b3("463AC35C9F6413AD-E457B5A2E4D86BD1-d").spanId()).isEqualTo("e457b5a2e4d86bd1");
    assertThat(PropagationHeaders.b3("0")).isNull();
    assertThat(PropagationHeaders.b3("d")).isNull();
    assertThat(PropagationHeaders.b3("463ac35c9f6413-e457b5a2e4d86bd1")).isNull();
    assertThat(PropagationHeaders.b3("463ac35c9f6413ad-e457b5a2e4d86bd1-1-05e3")).isNull();
  }

  @Test
  void readsB3MultiHeaders() {
    assertThat(PropagationHeaders.b3Multi("463ac35c9f6413ad", "A2FB4A1D1A96D312", "0020000000000001"))
        .isEqualTo(new TraceContext("0000000000000000463ac35c9f6413ad", "a2fb4a1d1a96d312", "0020000000000001", null,
            TraceContextSource.B3_MULTI));
    assertThat(PropagationHeaders.b3Multi(TRACE, null, null).spanId()).isNull();
    assertThat(PropagationHeaders.b3Multi("not-hex", SPAN, null)).isNull();
  }

  @Test
  void readsJaegerHeadersWithShortAndEncodedIds() {
    assertThat(PropagationHeaders.uberTraceId("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1"))
        .isEqualTo(new TraceContext(TRACE, SPAN, null, null, TraceContextSource.UBER_TRACE_ID));
    // Jaeger clients drop leading zeros; the header may come URL-encoded
    assertThat(PropagationHeaders.uberTraceId("1f4a5b3c2d%3A7e8f%3A53995c3f42cd8ad8%3A3"))
        .isEqualTo(new TraceContext("00000000000000000000001f4a5b3c2d", "0000000000007e8f", PARENT, null,
            TraceContextSource.UBER_TRACE_ID));
    assertThat(PropagationHeaders.uberTraceId("abc:def:0")).isNull();
    assertThat(PropagationHeaders.uberTraceId("0:def:0:1")).isNull();
    assertThat(PropagationHeaders.uberTraceId("xyz:def:0:1")).isNull();
    assertThat(PropagationHeaders.uberTraceId("abc:def:0:1:2")).isNull();
  }

  @Test
  void findsJaegerIdsInTextOnlyAfterTheirName() {
    assertThat(PropagationHeaders.findUberTraceId("headers {uber-trace-id=4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1}"))
        .isEqualTo(new TraceContext(TRACE, SPAN, null, null, TraceContextSource.MESSAGE_UBER_TRACE_ID));
    assertThat(PropagationHeaders.findUberTraceId("\"Uber-Trace-Id\": \"abc:def:0:1\"").traceId())
        .isEqualTo("00000000000000000000000000000abc");
    assertThat(PropagationHeaders.findUberTraceId("started at 10:15:30:12")).isNull();
    assertThat(PropagationHeaders.findUberTraceId("uber-trace-id missing")).isNull();
  }

  @Test
  void readsAmazonTraceIds() {
    assertThat(PropagationHeaders.amznTraceId("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
        .isEqualTo(new TraceContext("5759e988bd862e3fe1be46a994272793", PARENT, null, null, TraceContextSource.AMZN_TRACE_ID));
    assertThat(PropagationHeaders.amznTraceId("Self=1-67891234-12456789abcdef012345678;Root=1-5759E988-BD862E3FE1BE46A994272793")
        .traceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
    assertThat(PropagationHeaders.amznTraceId("Root=1-5759e988-bd862e3fe1be46a99427279")).isNull();
    assertThat(PropagationHeaders.amznTraceId("Parent=53995c3f42cd8ad8")).isNull();
    assertThat(PropagationHeaders.amznTraceId("=;;=x;Root")).isNull();
  }
}
