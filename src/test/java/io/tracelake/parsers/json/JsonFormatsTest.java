package io.tracelake.parsers.json;

import io.tracelake.parsers.FieldRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.LevelNumbering;
import io.tracelake.parsers.LineRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Lines as the logging libraries of each JSON family write them. */
class JsonFormatsTest {

  private static LogEvent parse(JsonFieldMapping mapping, String line) throws LineRejectedException {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return new JsonLineParser(mapping, ZoneOffset.UTC).parse(bytes, 0, bytes.length);
  }

  private static long micros(String instant) {
    Instant ts = Instant.parse(instant);
    return ts.getEpochSecond() * 1_000_000 + ts.getNano() / 1_000;
  }

  @Nested
  class Logstash {
    @Test
    void readsTheExceptionFromTheStackTraceAndKeepsTheTrace() throws LineRejectedException {
      String trace = "java.lang.IllegalStateException: boom: stock is negative\\n\\tat com.shop.Stock.take(Stock.java:42)"
          + "\\n\\tat com.shop.OrderService.place(OrderService.java:88)\\nCaused by: java.io.IOException: disk\\n\\t... 12 more";
      LogEvent event = parse(JsonFieldMapping.logstash("app", null),
          "{\"@timestamp\":\"2026-11-20T10:15:30.123+00:00\",\"@version\":\"1\",\"message\":\"order failed\","
              + "\"logger_name\":\"com.shop.OrderService\",\"thread_name\":\"exec-1\",\"level\":\"ERROR\",\"level_value\":40000,"
              + "\"stack_trace\":\"" + trace + "\",\"app\":\"orders\",\"requestId\":\"req-7f3a\"}");
      assertThat(event.exceptionType()).isEqualTo("java.lang.IllegalStateException");
      assertThat(event.exceptionMessage()).isEqualTo("boom: stock is negative");
      assertThat(event.attribute("stack_trace")).startsWith("java.lang.IllegalStateException: boom").contains("Caused by");
      assertThat(event.requestId()).isEqualTo("req-7f3a");
      assertThat(event.service()).isEqualTo("orders");
      assertThat(event.attributes()).containsOnlyKeys("stack_trace");
    }

    @Test
    void anExceptionWithoutMessageHasOnlyAType() throws LineRejectedException {
      LogEvent event = parse(JsonFieldMapping.logstash(), "{\"@timestamp\":\"2026-11-20T10:15:30Z\","
          + "\"stack_trace\":\"java.lang.NullPointerException\\n\\tat a.B.c(B.java:1)\\n\"}");
      assertThat(event.exceptionType()).isEqualTo("java.lang.NullPointerException");
      assertThat(event.exceptionMessage()).isNull();
    }
  }

  @Nested
  class Ecs {
    private final JsonFieldMapping ecs = JsonFormat.ECS.mapping();

    @Test
    void readsEcsLoggingJavaWithDottedKeys() throws LineRejectedException {
      LogEvent event = parse(ecs, "{\"@timestamp\":\"2019-08-06T14:08:40.199Z\", \"log.level\":\"DEBUG\", "
          + "\"message\":\"init find form\", \"ecs.version\": \"1.2.0\",\"service.name\":\"spring-petclinic\","
          + "\"event.dataset\":\"spring-petclinic.log\",\"process.thread.name\":\"http-nio-8080-exec-8\","
          + "\"log.logger\":\"org.springframework.samples.petclinic.owner.OwnerController\","
          + "\"transaction.id\":\"28b7fb8d5aba51f1\",\"trace.id\":\"2869b25b5469590610fea49ac04af7da\"}");
      assertThat(event.timestampUs()).isEqualTo(micros("2019-08-06T14:08:40.199Z"));
      assertThat(event.level()).isEqualTo("DEBUG");
      assertThat(event.message()).isEqualTo("init find form");
      assertThat(event.service()).isEqualTo("spring-petclinic");
      assertThat(event.thread()).isEqualTo("http-nio-8080-exec-8");
      assertThat(event.logger()).isEqualTo("org.springframework.samples.petclinic.owner.OwnerController");
      assertThat(event.traceId()).isEqualTo("2869b25b5469590610fea49ac04af7da");
      assertThat(event.spanId()).isEqualTo("28b7fb8d5aba51f1"); // no span.id: the transaction is the span
      assertThat(event.attributes()).containsOnlyKeys("event.dataset");
    }

    @Test
    void readsEcsLoggingPythonWithNestedObjectsAndErrors() throws LineRejectedException {
      LogEvent event = parse(ecs, "{\"@timestamp\":\"2021-01-14T21:13:52.465Z\",\"log.level\":\"error\","
          + "\"message\":\"payment declined\",\"ecs\":{\"version\":\"1.6.0\"},"
          + "\"error\":{\"type\":\"ValueError\",\"message\":\"card expired\","
          + "\"stack_trace\":\"  File \\\"app.py\\\", line 7, in <module>\\n    pay()\\n\"},"
          + "\"log\":{\"logger\":\"payments\",\"origin\":{\"file\":{\"line\":7,\"name\":\"app.py\"},\"function\":\"<module>\"}},"
          + "\"process\":{\"name\":\"MainProcess\",\"pid\":12,\"thread\":{\"id\":140,\"name\":\"MainThread\"}},"
          + "\"service\":{\"name\":\"payments\"},\"host\":{\"hostname\":\"payments-7d9f\"},"
          + "\"span\":{\"id\":\"00f067aa0ba902b7\"},\"transaction\":{\"id\":\"53995c3f42cd8ad8\"},"
          + "\"trace\":{\"id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}}");
      assertThat(event.level()).isEqualTo("ERROR");
      assertThat(event.logger()).isEqualTo("payments");
      assertThat(event.thread()).isEqualTo("MainThread");
      assertThat(event.service()).isEqualTo("payments");
      assertThat(event.instance()).isEqualTo("payments-7d9f");
      assertThat(event.spanId()).isEqualTo("00f067aa0ba902b7");
      assertThat(event.exceptionType()).isEqualTo("ValueError");
      assertThat(event.exceptionMessage()).isEqualTo("card expired");
      assertThat(event.attributes()).containsEntry("log.origin.file.line", "7").containsEntry("process.pid", "12")
          .containsKey("error.stack_trace").doesNotContainKeys("ecs.version", "error.type", "trace.id");
    }

    @Test
    void joinsAStackTraceLoggedAsAnArray() throws LineRejectedException {
      LogEvent event = parse(ecs, "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"log.level\":\"ERROR\",\"message\":\"x\","
          + "\"error.stack_trace\":[\"java.lang.RuntimeException: test\",\"\\tat a.B.c(B.java:1)\"]}");
      assertThat(event.exceptionType()).isEqualTo("java.lang.RuntimeException");
      assertThat(event.exceptionMessage()).isEqualTo("test");
      assertThat(event.attribute("error.stack_trace")).isEqualTo("java.lang.RuntimeException: test\n\tat a.B.c(B.java:1)");
    }
  }

  @Nested
  class OpenTelemetry {
    private final JsonFieldMapping otel = JsonFormat.OTEL.mapping();

    @Test
    void readsAnOtlpJsonLogRecordWithResource() throws LineRejectedException {
      LogEvent event = parse(otel, "{\"timeUnixNano\":\"1544712660300000000\",\"observedTimeUnixNano\":\"1544712660300000999\","
          + "\"severityNumber\":10,\"severityText\":\"Information\",\"traceId\":\"5B8EFFF798038103D269B633813FC60C\","
          + "\"spanId\":\"EEE19B7EC3C1B174\",\"flags\":1,\"body\":{\"stringValue\":\"Example log record\"},"
          + "\"attributes\":[{\"key\":\"string.attribute\",\"value\":{\"stringValue\":\"some string\"}},"
          + "{\"key\":\"boolean.attribute\",\"value\":{\"boolValue\":true}},"
          + "{\"key\":\"int.attribute\",\"value\":{\"intValue\":\"10\"}},"
          + "{\"key\":\"double.attribute\",\"value\":{\"doubleValue\":637.704}},"
          + "{\"key\":\"array.attribute\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"many\"},{\"intValue\":\"2\"}]}}},"
          + "{\"key\":\"map.attribute\",\"value\":{\"kvlistValue\":{\"values\":[{\"key\":\"some.map.key\",\"value\":{\"stringValue\":\"some value\"}}]}}},"
          + "{\"key\":\"exception.type\",\"value\":{\"stringValue\":\"java.net.SocketTimeoutException\"}},"
          + "{\"key\":\"exception.message\",\"value\":{\"stringValue\":\"Read timed out\"}}],"
          + "\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"my.service\"}},"
          + "{\"key\":\"service.instance.id\",\"value\":{\"stringValue\":\"627cc493-f310-47de-96bd-71410b7dec09\"}},"
          + "{\"key\":\"host.name\",\"value\":{\"stringValue\":\"node-1\"}}]}}");
      assertThat(event.timestampUs()).isEqualTo(1_544_712_660_300_000L);
      assertThat(event.level()).isEqualTo("INFO");
      assertThat(event.message()).isEqualTo("Example log record");
      assertThat(event.traceId()).isEqualTo("5B8EFFF798038103D269B633813FC60C");
      assertThat(event.spanId()).isEqualTo("EEE19B7EC3C1B174");
      assertThat(event.service()).isEqualTo("my.service");
      assertThat(event.instance()).isEqualTo("627cc493-f310-47de-96bd-71410b7dec09");
      assertThat(event.exceptionType()).isEqualTo("java.net.SocketTimeoutException");
      assertThat(event.exceptionMessage()).isEqualTo("Read timed out");
      assertThat(event.attributes())
          .containsEntry("attributes.string.attribute", "some string")
          .containsEntry("attributes.boolean.attribute", "true")
          .containsEntry("attributes.int.attribute", "10")
          .containsEntry("attributes.double.attribute", "637.704")
          .containsEntry("attributes.array.attribute", "[\"many\",\"2\"]")
          .containsEntry("attributes.map.attribute.some.map.key", "some value")
          .containsEntry("flags", "1")
          // fields of a role are not repeated in the attributes, even those a better field outranked
          .doesNotContainKeys("attributes.exception.type", "resource.attributes.service.name", "resource.attributes.host.name");
    }

    @Test
    void fallsBackToObservedTimeAndSeverityTextAndPlainBody() throws LineRejectedException {
      LogEvent event = parse(otel, "{\"timeUnixNano\":\"0\",\"observedTimeUnixNano\":1544712660300000000,"
          + "\"severityNumber\":0,\"severityText\":\"WARN\",\"body\":\"plain body\",\"traceId\":\"\",\"spanId\":\"\"}");
      assertThat(event.timestampUs()).isEqualTo(1_544_712_660_300_000L);
      assertThat(event.level()).isEqualTo("WARN");
      assertThat(event.message()).isEqualTo("plain body");
      assertThat(event.traceId()).isNull();
      assertThat(event.spanId()).isNull();
    }

    @Test
    void readsThePythonSdkToJsonForm() throws LineRejectedException {
      LogEvent event = parse(otel, "{\"body\": \"Jail zesty vixen who grabbed pay from quack.\", \"severity_number\": 13, "
          + "\"severity_text\": \"WARN\", \"attributes\": {\"code.filepath\": \"example.py\", \"code.lineno\": 47, "
          + "\"exception.stacktrace\": \"Traceback (most recent call last):\\n  File \\\"example.py\\\", line 45\\n"
          + "ZeroDivisionError: division by zero\\n\"}, \"dropped_attributes\": 0, "
          + "\"timestamp\": \"2025-04-22T12:16:57.315152Z\", \"observed_timestamp\": \"2025-04-22T12:16:57.315179Z\", "
          + "\"trace_id\": \"0x5b8aa5a2d2c872e8321cf37308d69df2\", \"span_id\": \"0x051581bf3cb55c13\", \"trace_flags\": 1, "
          + "\"resource\": {\"attributes\": {\"service.name\": \"shoppingcart\", \"service.instance.id\": \"instance-12\"}, "
          + "\"schema_url\": \"\"}}");
      assertThat(event.timestampUs()).isEqualTo(micros("2025-04-22T12:16:57.315152Z"));
      assertThat(event.level()).isEqualTo("WARN");
      assertThat(event.service()).isEqualTo("shoppingcart");
      assertThat(event.instance()).isEqualTo("instance-12");
      assertThat(event.traceId()).isEqualTo("0x5b8aa5a2d2c872e8321cf37308d69df2");
      assertThat(event.exceptionType()).isEqualTo("ZeroDivisionError");
      assertThat(event.exceptionMessage()).isEqualTo("division by zero");
      assertThat(event.attributes()).containsEntry("attributes.code.lineno", "47").doesNotContainKey("dropped_attributes");
    }

    @Test
    void readsAResourceInMapFormAndKeepsOddListElements() throws LineRejectedException {
      LogEvent event = parse(otel, "{\"timeUnixNano\":1544712660300000000,\"severityNumber\":\"SEVERITY_NUMBER_ERROR2\","
          + "\"body\":{\"stringValue\":\"m\"},\"resource\":{\"service.name\":\"cart\",\"k8s.pod.name\":\"cart-5c7d\"},"
          + "\"attributes\":[1,{\"value\":{\"stringValue\":\"no key\"}},{\"key\":\"k\",\"value\":null},"
          + "{\"value\":{\"stringValue\":\"late\"},\"key\":\"late.key\"}]}");
      assertThat(event.level()).isEqualTo("ERROR");
      assertThat(event.service()).isEqualTo("cart");
      assertThat(event.instance()).isEqualTo("cart-5c7d");
      assertThat(event.attributes()).containsExactly(Map.entry("attributes.late.key", "late"));
    }

    @Test
    void mapsEverySeverityNumberRange() throws LineRejectedException {
      String[] expected = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
      for (int number = 1; number <= 24; number++) {
        LogEvent event = parse(otel, "{\"timeUnixNano\":\"1544712660300000000\",\"severityNumber\":" + number + "}");
        assertThat(event.level()).as("severity %d", number).isEqualTo(expected[(number - 1) / 4]);
      }
    }
  }

  @Nested
  class Bunyan {
    @Test
    void readsBunyanRecords() throws LineRejectedException {
      JsonFieldMapping bunyan = JsonFormat.BUNYAN.mapping();
      LogEvent event = parse(bunyan, "{\"name\":\"orders-api\",\"hostname\":\"banana.local\",\"pid\":40161,\"level\":50,"
          + "\"err\":{\"message\":\"Cannot read properties of undefined (reading 'id')\",\"name\":\"TypeError\","
          + "\"stack\":\"TypeError: Cannot read properties of undefined (reading 'id')\\n    at handler (/app/orders.js:12:9)\"},"
          + "\"req_id\":\"9f2c1e4a-7b3d-4c8e-a1f0-2b3c4d5e6f70\",\"msg\":\"request failed\","
          + "\"time\":\"2013-01-04T18:46:23.851Z\",\"v\":0}");
      assertThat(event.timestampUs()).isEqualTo(micros("2013-01-04T18:46:23.851Z"));
      assertThat(event.level()).isEqualTo("ERROR");
      assertThat(event.service()).isEqualTo("orders-api");
      assertThat(event.instance()).isEqualTo("banana.local");
      assertThat(event.message()).isEqualTo("request failed");
      assertThat(event.requestId()).isEqualTo("9f2c1e4a-7b3d-4c8e-a1f0-2b3c4d5e6f70");
      assertThat(event.exceptionType()).isEqualTo("TypeError");
      assertThat(event.exceptionMessage()).isEqualTo("Cannot read properties of undefined (reading 'id')");
      assertThat(event.attributes()).containsEntry("pid", "40161").containsKey("err.stack").doesNotContainKey("v");
    }

    @Test
    void readsEveryLevelNumber() throws LineRejectedException {
      JsonFieldMapping bunyan = JsonFieldMapping.bunyan();
      String[] expected = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
      for (int i = 0; i < 6; i++) {
        String level = i % 2 == 0 ? String.valueOf((i + 1) * 10) : "\"" + (i + 1) * 10 + "\""; // numbers as strings too
        LogEvent event = parse(bunyan, "{\"time\":\"2013-01-04T18:46:23.851Z\",\"level\":" + level + ",\"msg\":\"\"}");
        assertThat(event.level()).isEqualTo(expected[i]);
        assertThat(event.message()).isEmpty();
      }
    }
  }

  @Nested
  class Pino {
    private final JsonFieldMapping pino = JsonFormat.PINO.mapping();

    @Test
    void readsAPinoHttpLine() throws LineRejectedException {
      LogEvent event = parse(pino, "{\"level\":30,\"time\":1531171074631,\"pid\":657,\"hostname\":\"Davids-MBP-3.fritz.box\","
          + "\"req\":{\"id\":1,\"method\":\"GET\",\"url\":\"/\",\"headers\":{\"host\":\"localhost:3000\","
          + "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}},"
          + "\"res\":{\"statusCode\":200},\"responseTime\":3,\"msg\":\"request completed\"}");
      assertThat(event.timestampUs()).isEqualTo(1_531_171_074_631_000L);
      assertThat(event.level()).isEqualTo("INFO");
      assertThat(event.instance()).isEqualTo("Davids-MBP-3.fritz.box");
      assertThat(event.requestId()).isEqualTo("1");
      // pino-http's line is an access log: request, status and time taken in their own fields
      assertThat(event).extracting(LogEvent::httpMethod, LogEvent::httpPath, LogEvent::httpStatus, LogEvent::durationUs)
          .containsExactly("GET", "/", 200, 3_000L);
      assertThat(event.attributes()).containsEntry("req.headers.traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
          .doesNotContainKeys("req.id", "req.method", "req.url", "res.statusCode", "responseTime");
    }

    @Test
    void keepsTheQueryOfAPinoHttpUrlAndAStatusThatIsNoNumber() throws LineRejectedException {
      LogEvent event = parse(pino, "{\"level\":50,\"time\":1531171074631,\"req\":{\"method\":\"POST\","
          + "\"url\":\"/entries/7?dry=1\"},\"res\":{\"statusCode\":\"n/a\"},\"responseTime\":\"slow\","
          + "\"msg\":\"request errored\"}");
      assertThat(event).extracting(LogEvent::httpMethod, LogEvent::httpPath, LogEvent::httpStatus, LogEvent::durationUs)
          .containsExactly("POST", "/entries/7", null, null);
      assertThat(event.attributes()).containsEntry("query", "dry=1").containsEntry("http_status", "n/a")
          .containsEntry("duration_ms", "slow");
    }

    @Test
    void readsAFastifyLineWithAnError() throws LineRejectedException {
      LogEvent event = parse(pino, "{\"level\":50,\"time\":1700000000123,\"pid\":1,\"hostname\":\"api-0\",\"name\":\"api\","
          + "\"reqId\":\"req-1\",\"err\":{\"type\":\"FastifyError\",\"message\":\"Body cannot be empty\","
          + "\"stack\":\"FastifyError: Body cannot be empty\\n    at Parser.fn\",\"code\":\"FST_ERR_CTP_EMPTY_JSON_BODY\","
          + "\"statusCode\":400},\"msg\":\"Body cannot be empty\"}");
      assertThat(event.service()).isEqualTo("api");
      assertThat(event.requestId()).isEqualTo("req-1");
      assertThat(event.level()).isEqualTo("ERROR");
      assertThat(event.exceptionType()).isEqualTo("FastifyError");
      assertThat(event.exceptionMessage()).isEqualTo("Body cannot be empty");
      assertThat(event.attributes()).containsEntry("err.code", "FST_ERR_CTP_EMPTY_JSON_BODY");
    }

    @Test
    void readsCustomLevelsByRangeAndIsoTimes() throws LineRejectedException {
      LogEvent event = parse(pino, "{\"level\":35,\"time\":\"2026-11-20T10:15:30.500Z\",\"msg\":\"custom\"}");
      assertThat(event.level()).isEqualTo("WARN");
      assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T10:15:30.500Z"));
    }
  }

  @Nested
  class Generic {
    @Test
    void readsTheFieldsTheUserNames() throws LineRejectedException {
      JsonFieldMapping mapping = JsonFormat.GENERIC.mapping(Map.of("timestamp", List.of("when"), "message", List.of("text"),
          "service", List.of("svc", "app"), "trace_id", List.of("ctx.tid"), "level", List.of("sev")));
      LogEvent event = parse(mapping, "{\"when\":\"2026-11-20 10:15:30.250\",\"text\":\"hi\",\"app\":\"cart\","
          + "\"ctx\":{\"tid\":\" abc \"},\"sev\":\"Warning\",\"message\":\"not the message\",\"time\":\"not a time\"}");
      assertThat(event.timestampUs()).isEqualTo(micros("2026-11-20T10:15:30.250Z"));
      assertThat(event.message()).isEqualTo("hi");
      assertThat(event.service()).isEqualTo("cart");
      assertThat(event.traceId()).isEqualTo("abc");
      assertThat(event.level()).isEqualTo("WARN");
      assertThat(event.attributes()).containsEntry("message", "not the message").containsEntry("time", "not a time");
    }

    @Test
    void readsSyslogSeverityNumbersWhenTold() throws LineRejectedException {
      JsonFieldMapping gelf = JsonFieldMapping.generic().withLevelNumbering(LevelNumbering.SYSLOG)
          .withFields(FieldRole.MESSAGE, List.of("short_message"));
      LogEvent event = parse(gelf, "{\"version\":\"1.1\",\"host\":\"example.org\",\"short_message\":\"disk full\","
          + "\"timestamp\":1385053862.3072,\"level\":3,\"_user_id\":9001}");
      assertThat(event.level()).isEqualTo("ERROR");
      assertThat(event.timestampUs()).isEqualTo(1_385_053_862_307_200L);
      assertThat(event.instance()).isEqualTo("example.org");
      assertThat(event.attributes()).containsEntry("_user_id", "9001");
    }

    @Test
    void aFieldMayServeTwoRoles() throws LineRejectedException {
      JsonFieldMapping mapping = JsonFieldMapping.pino().withFields(Map.of("service", List.of("name", "hostname")));
      LogEvent event = parse(mapping, "{\"time\":1700000000123,\"hostname\":\"api-0\"}");
      assertThat(event.service()).isEqualTo("api-0");
      assertThat(event.instance()).isEqualTo("api-0");
    }
  }

  @Test
  void blankAndNullValuesFallToTheNextField() throws LineRejectedException {
    LogEvent event = parse(JsonFieldMapping.logstash(), "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"traceId\":\"  \","
        + "\"trace_id\":null,\"X-B3-TraceId\":\"80f198ee56343ba864fe8b2a57d3eff7\",\"level\":\"\"}");
    assertThat(event.traceId()).isEqualTo("80f198ee56343ba864fe8b2a57d3eff7");
    assertThat(event.level()).isNull();
  }

  @Test
  void readsALineWithAByteOrderMarkAndCrRemnant() throws LineRejectedException {
    LogEvent event = parse(JsonFieldMapping.logstash(), "\uFEFF{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"m\"}\r");
    assertThat(event.message()).isEqualTo("m");
  }

  @Test
  void aHugeIntegerTimestampIsABadTimestampNotMalformedJson() {
    assertThatThrownBy(() -> parse(JsonFieldMapping.pino(), "{\"time\":123456789012345678901234567890}"))
        .isInstanceOfSatisfying(LineRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_TIMESTAMP));
  }

  @Test
  void namesFormatsAndRolesInOnePlace() {
    assertThat(JsonFormat.byConfigName("ecs-json")).isEqualTo(JsonFormat.ECS);
    assertThat(List.of(JsonFormat.values())).extracting(JsonFormat::configName)
        .containsExactly("logstash-json", "ecs-json", "otel-json", "bunyan-json", "pino-json", "gelf-json", "json");
    assertThatThrownBy(() -> JsonFormat.byConfigName("xml"))
        .hasMessage("JSON format 'xml' is not one of: logstash-json, ecs-json, otel-json, bunyan-json, pino-json, gelf-json, json");
    assertThatThrownBy(() -> JsonFormat.ECS.mapping(Map.of("colour", List.of("c"))))
        .hasMessageStartingWith("unknown field role 'colour'; known roles: timestamp, level, message, logger, thread, trace_id");
    assertThatThrownBy(() -> JsonFormat.PINO.mapping(Map.of("timestamp", List.of())))
        .hasMessage("A JSON format needs at least one timestamp field");
    for (JsonFormat format : JsonFormat.values()) {
      assertThat(format.mapping().fields(FieldRole.TIMESTAMP)).isNotEmpty();
    }
  }
}
