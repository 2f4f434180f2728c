package io.tracelake.parsers.text;

import static io.tracelake.parsers.text.ParserHarness.NOV_20_UTC;
import static io.tracelake.parsers.text.ParserHarness.micros;
import static io.tracelake.parsers.text.ParserHarness.parse;
import static io.tracelake.parsers.text.ParserHarness.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import org.junit.jupiter.api.Test;

class AccessLogParserTest {
  private final LineParser nginx = AccessLogParser.nginx().newParser(NOV_20_UTC);
  private final LineParser apache = AccessLogParser.apache().newParser(NOV_20_UTC);
  private final LineParser envoy = AccessLogParser.envoy().newParser(NOV_20_UTC);

  @Test
  void nginxCombinedWithRequestIdAndTimes() throws LineRejectedException {
    LogEvent event = parse(nginx, "10.1.2.3 - - [20/Nov/2026:10:15:30 +0000] \"GET /api/orders/8412?x=1 HTTP/1.1\" 200 512 "
        + "\"-\" \"curl/8.4.0\" 4bf92f3577b34da6a3ce929d0e0e4736 0.042 0.040");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T10:15:30Z")); // $time_local: the end
    assertThat(event.durationUs()).isEqualTo(42_000L);
    assertThat(event.timestampUs() - event.durationUs()).isEqualTo(micros("2026-11-20T10:15:29.958Z"));
    assertThat(event.httpMethod()).isEqualTo("GET");
    assertThat(event.httpPath()).isEqualTo("/api/orders/8412");
    assertThat(event.httpStatus()).isEqualTo(200);
    assertThat(event.requestId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(event.level()).isEqualTo("INFO");
    assertThat(event.message()).isEqualTo("GET /api/orders/8412 200 in 42 ms");
    assertThat(event.attributes()).containsEntry("client_ip", "10.1.2.3").containsEntry("bytes_sent", "512")
        .containsEntry("user_agent", "curl/8.4.0").containsEntry("query", "x=1").containsEntry("protocol", "HTTP/1.1")
        .containsEntry("upstream_response_time", "0.040").doesNotContainKey("referer");
  }

  @Test
  void nginxKeyValueExtrasSeveralUpstreamsAndMissingOnes() throws LineRejectedException {
    LogEvent kv = parse(nginx, "10.1.2.3 - bob [20/Nov/2026:10:15:30 +0100] \"POST /api/pay HTTP/2.0\" 502 157 "
        + "\"https://shop.example/cart\" \"Mozilla/5.0 (X11; Linux x86_64)\" \"10.0.0.9, 10.0.0.1\" rt=1.503 "
        + "uct=\"0.000\" uht=\"-\" urt=\"0.501, 1.002\" request_id=7f3e9a");
    assertThat(kv.timestampUs()).isEqualTo(micros("2026-11-20T09:15:30Z"));
    assertThat(kv.durationUs()).isEqualTo(1_503_000L);
    assertThat(kv.level()).isEqualTo("ERROR");
    assertThat(kv.requestId()).isEqualTo("7f3e9a");
    assertThat(kv.attributes()).containsEntry("x_forwarded_for", "10.0.0.9, 10.0.0.1")
        .containsEntry("upstream_response_time", "0.501, 1.002").containsEntry("upstream_connect_time", "0.000")
        .containsEntry("remote_user", "bob").containsEntry("referer", "https://shop.example/cart")
        .doesNotContainKey("upstream_header_time");
    assertThat(kv.message()).isEqualTo("POST /api/pay 502 in 1503 ms");
    LogEvent several = parse(nginx, "10.1.2.3 - - [20/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 404 0 \"-\" \"-\" "
        + "d3adb33fd3adb33fd3adb33fd3adb33f 0.100 0.050, 0.049 : -");
    assertThat(several.attributes()).containsEntry("upstream_response_time", "0.050, 0.049 : -");
    assertThat(several.level()).isEqualTo("WARN");
    LogEvent none = parse(nginx, "10.1.2.3 - - [20/Nov/2026:10:15:30 +0000] \"GET /health HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\" "
        + "4bf92f3577b34da6a3ce929d0e0e4736 0.000 -");
    assertThat(none.durationUs()).isZero();
    assertThat(none.attributes()).doesNotContainKey("upstream_response_time"); // "-": no upstream was asked
  }

  @Test
  void nginxOddRequestsEscapedQuotesAndUnicode() throws LineRejectedException {
    LogEvent garbage = parse(nginx, "10.1.2.3 - - [20/Nov/2026:10:15:30 +0000] \"\\x16\\x03\\x01\\x00\" 400 157 \"-\" \"-\"");
    assertThat(garbage.httpStatus()).isEqualTo(400);
    assertThat(garbage.httpMethod()).isNull();
    LogEvent dash = parse(nginx, "10.1.2.3 - - [20/Nov/2026:10:15:30 +0000] \"-\" 408 0 \"-\" \"-\"");
    assertThat(dash.httpPath()).isNull();
    assertThat(dash.message()).isEqualTo("- 408");
    LogEvent quoted = parse(nginx, "10.1.2.3 - - [20/Nov/2026:10:15:30 +0000] \"GET /s?q=%22a%22 HTTP/1.1\" 200 5 "
        + "\"-\" \"agent \\\"quoted\\\" 😀\"\r");
    assertThat(quoted.attributes()).containsEntry("user_agent", "agent \\\"quoted\\\" 😀");
  }

  @Test
  void apacheCombinedWithMicroseconds() throws LineRejectedException {
    LogEvent event = parse(apache, "192.168.1.20 - frank [20/Nov/2026:10:15:30 -0500] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 "
        + "\"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\" 1234567");
    assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T15:15:31.234567Z")); // %t + %D
    assertThat(event.durationUs()).isEqualTo(1_234_567L);
    assertThat(event.message()).isEqualTo("GET /apache_pb.gif 200 in 1234.567 ms");
    assertThat(event.attributes()).containsEntry("remote_user", "frank").containsEntry("bytes_sent", "2326");
    LogEvent common = parse(apache, "::1 - - [20/Nov/2026:10:15:30 +0000] \"OPTIONS * HTTP/1.0\" 200 - ");
    assertThat(common.durationUs()).isNull();
    assertThat(common.timestampUs()).isEqualTo(micros("2026-11-20T10:15:30Z"));
    LogEvent withId = parse(apache, "10.1.2.3 - - [20/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\" 250 "
        + "\"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\"");
    assertThat(withId.requestId()).isEqualTo("cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2");
    assertThat(withId.durationUs()).isEqualTo(250L);
  }

  @Test
  void envoyDefaultAndIstio() throws LineRejectedException {
    LogEvent event = parse(envoy, "[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" 204 - 154 0 226 100 "
        + "\"10.0.35.28\" \"nsq2http\" \"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\" \"locations\" \"tcp://10.0.2.1:80\"");
    assertThat(event.timestampUs()).isEqualTo(micros("2016-04-15T20:17:00.536Z")); // start + %DURATION%
    assertThat(event.durationUs()).isEqualTo(226_000L);
    assertThat(event.httpStatus()).isEqualTo(204);
    assertThat(event.requestId()).isEqualTo("cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2");
    assertThat(event.attributes()).containsEntry("bytes_received", "154").containsEntry("bytes_sent", "0")
        .containsEntry("upstream_service_time", "100").containsEntry("x_forwarded_for", "10.0.35.28")
        .containsEntry("user_agent", "nsq2http").containsEntry("authority", "locations")
        .containsEntry("upstream_host", "tcp://10.0.2.1:80").doesNotContainKey("response_flags");
    LogEvent istio = parse(envoy, "[2026-11-20T10:15:30.123Z] \"GET /api/orders/1 HTTP/1.1\" 503 UF,URX "
        + "upstream_reset_before_response_started{connection_failure} - \"delayed_connect_error:_111\" 0 91 3 - \"-\" "
        + "\"curl/8.4.0\" \"7d1c7a8e-2b8f-4a84-9b4f-0a1d2c3e4f50\" \"orders:8080\" \"10.244.0.7:8080\" "
        + "outbound|8080||orders.default.svc.cluster.local - 10.96.12.3:8080 10.244.0.5:48372 - default");
    assertThat(istio.level()).isEqualTo("ERROR");
    assertThat(istio.durationUs()).isEqualTo(3_000L);
    assertThat(istio.attributes()).containsEntry("response_flags", "UF,URX")
        .containsEntry("upstream_transport_failure_reason", "delayed_connect_error:_111")
        .containsEntry("upstream_cluster", "outbound|8080||orders.default.svc.cluster.local")
        .containsEntry("route_name", "default").doesNotContainKey("upstream_local_address");
    LogEvent tcp = parse(envoy, "[2026-11-20T10:15:30.123Z] \"- - -\" 0 - 10 20 5 - \"-\" \"-\" \"-\" \"-\" \"10.0.0.2:5432\"");
    assertThat(tcp.httpMethod()).isNull();
    assertThat(tcp.level()).isEqualTo("WARN");
  }

  @Test
  void rejectsOtherLinesWithWhere() {
    assertThat(rejection(nginx, "2026/11/20 10:15:30 [error] 7#7: *1 connect() failed").getMessage())
        .isEqualTo("expected '[' and the time at column 29");
    LineRejectedException badTime = rejection(nginx, "10.1.2.3 - - [20/Noe/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 5");
    assertThat(badTime.reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
    assertThat(badTime.getMessage()).isEqualTo("expected the month name of the time (dd/MMM/yyyy:HH:mm:ss Z) at column 18");
    assertThat(rejection(nginx, "10.1.2.3 - - [20/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" OK 5").getMessage())
        .isEqualTo("expected the status (a number) at column 60");
    assertThat(rejection(nginx, "10.1.2.3 - - [20/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1").getMessage())
        .isEqualTo("expected '\"' to close the request line at column 43");
    assertThat(rejection(envoy, "[2026-11-20T10:15:30.123Z] \"GET / HTTP/1.1\" 200 - 1 2").getMessage())
        .isEqualTo("expected the duration at column 54");
  }
}
