package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** One request in the access log formats of nginx, Apache and Envoy. */
class AccessLogEncoderTest {
  private static final Host GATEWAY_1 = new Host(0, "gateway", "gateway-1", 0, ZoneOffset.UTC);

  private static String encode(AccessLogFormat format, Host client) {
    SimulatedSpan span = Spans.cartRequest();
    ServedRequest request = new ServedRequest(span.endUs, 0, span, client);
    StringBuilder out = new StringBuilder();
    AccessLogEncoder.create(format, ZoneOffset.ofHours(1)).encode(request, out);
    return out.toString();
  }

  @Test
  void nginxCombinedWithRequestIdAndTimes() {
    assertThat(encode(AccessLogFormat.NGINX, null)).matches("(203\\.0\\.113|198\\.51\\.100|192\\.0\\.2)\\.\\d+ - - "
        + "\\[20/Nov/2026:11:15:30 \\+0100\\] \"GET /cart/42 HTTP/1\\.1\" 200 \\d+ \"https://shop\\.example\\.com/\" "
        + "\"[^\"]+\" " + Spans.TRACE_ID + " 0\\.012 0\\.01[12]\n");
  }

  @Test
  void apacheCombinedWithMicroseconds() {
    assertThat(encode(AccessLogFormat.APACHE, GATEWAY_1)).matches("10\\.0\\.1\\.10 - - "
        + "\\[20/Nov/2026:11:15:30 \\+0100\\] "
        + "\"GET /cart/42 HTTP/1\\.1\" 200 \\d+ \"-\" \"ReactorNetty/1\\.1\\.23\" 12345\n");
  }

  @Test
  void envoyDefaultWithTheTraceIdAsRequestUuid() {
    assertThat(encode(AccessLogFormat.ENVOY, GATEWAY_1)).matches("\\[2026-11-20T10:15:30\\.123Z\\] \"GET /cart/42 "
        + "HTTP/1\\.1\" 200 - 0 \\d+ 12 1[12] \"-\" \"ReactorNetty/1\\.1\\.23\" "
        + "\"4bf92f35-77b3-4da6-a3ce-929d0e0e4736\" "
        + "\"cart:8080\" \"127\\.0\\.0\\.1:8080\"\n");
  }
}
