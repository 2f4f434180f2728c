package io.tracelake.model.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.LogEvent;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceAssemblerTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static LogEvent event(long ts, String level, String service, String span, String parent, String... kv) {
    Map<String, String> attributes = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      attributes.put(kv[i], kv[i + 1]);
    }
    return new LogEvent(ts, level, service, service + "-1", "logger", "main", "msg", TRACE, span, parent, attributes);
  }

  private static LogEvent start(long ts, String service, String span, String parent, String name, String kind) {
    return event(ts, "INFO", service, span, parent, "span_event", "start", "span_name", name, "span_kind", kind);
  }

  private static LogEvent end(long ts, String level, String service, String span, String parent) {
    return event(ts, level, service, span, parent, "span_event", "end");
  }

  @Test
  void buildsSpansFromStartAndEndMarkersAndSummarisesTheTrace() {
    List<LogEvent> events = new ArrayList<>(List.of(
        end(1_900, "INFO", "gateway", "a", null),
        start(1_000, "gateway", "a", null, "GET /api/orders/{id}", "SERVER"),
        event(1_050, "DEBUG", "gateway", "a", null),
        event(1_100, "INFO", "gateway", "b", "a", "span_event", "start", "span_name", "GET /orders/{id}", "span_kind",
            "CLIENT", "peer_service", "orders"),
        // the server half logs before and after its markers; markers win over first/last event
        event(1_140, "DEBUG", "orders", "c", "b"),
        start(1_150, "orders", "c", "b", "GET /orders/{id}", "SERVER"),
        event(1_500, "ERROR", "orders", "c", "b").toBuilder().exceptionType("java.lang.IllegalStateException").build(),
        event(1_800, "ERROR", "orders", "c", "b", "span_event", "end", "status_code", "503"),
        event(1_810, "DEBUG", "orders", "c", "b"),
        end(1_850, "WARN", "gateway", "b", "a")));
    AssembledTrace trace = TraceAssembler.assemble(events);

    assertThat(trace.spans()).extracting(Span::spanId).containsExactly("a", "b", "c");
    Span server = trace.spans().get(2);
    assertThat(server).isEqualTo(new Span(TRACE, "c", "b", "orders", "orders-1", "GET /orders/{id}", SpanKind.SERVER,
        1_150, 1_800, true, 5, null, 503, "java.lang.IllegalStateException"));
    assertThat(trace.spans().get(1).peerService()).isEqualTo("orders");
    Span client = trace.spans().get(1);
    assertThat(client.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(client.error()).isFalse();
    assertThat(client.durationUs()).isEqualTo(750);

    assertThat(trace.summary().rootSpanId()).isEqualTo("a");
    assertThat(trace.summary().rootService()).isEqualTo("gateway");
    assertThat(trace.summary().rootOperation()).isEqualTo("GET /api/orders/{id}");
    assertThat(trace.summary().startUs()).isEqualTo(1_000);
    assertThat(trace.summary().endUs()).isEqualTo(1_900);
    assertThat(trace.summary().spanCount()).isEqualTo(3);
    assertThat(trace.summary().serviceCount()).isEqualTo(2);
    assertThat(trace.summary().error()).isTrue();
  }

  @Test
  void withoutMarkersASpanRunsFromItsFirstToItsLastEvent() {
    AssembledTrace trace = TraceAssembler.assemble(new ArrayList<>(List.of(
        event(300, "INFO", "cart", "x", null), event(100, "INFO", "cart", "x", null),
        event(200, "WARN", "cart", "x", null))));
    Span span = trace.spans().get(0);
    assertThat(span.startUs()).isEqualTo(100);
    assertThat(span.endUs()).isEqualTo(300);
    assertThat(span.kind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.name()).isNull();
    assertThat(span.error()).isFalse();
  }

  @Test
  void theRootIsTheEarliestSpanWhoseParentIsMissing() {
    // the gateway did not log: both services' spans point at a parent nobody logged
    AssembledTrace trace = TraceAssembler.assemble(new ArrayList<>(List.of(
        start(500, "orders", "o", "gw", "GET /orders", "SERVER"), end(900, "INFO", "orders", "o", "gw"),
        start(200, "auth", "u", "gw", "POST /verify", "SERVER"), end(300, "INFO", "auth", "u", "gw"))));
    assertThat(trace.summary().rootSpanId()).isEqualTo("u");
    assertThat(trace.summary().startUs()).isEqualTo(200);
    assertThat(trace.summary().endUs()).isEqualTo(900);
  }

  @Test
  void eventsWithoutSpanIdsMakeNoSpan() {
    assertThat(TraceAssembler.assemble(new ArrayList<>(List.of(event(1, "INFO", "a", null, null))))).isNull();
  }
}
