package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.parsers.context.TraceIds;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {
  private static final Path OUT = Path.of("out");
  private static final LocalDate DATE = LocalDate.of(2026, 11, 20);

  @Test
  void acceptsSensibleOptions() {
    assertThatCode(() -> new GeneratorOptions(OUT, DATE, 1, -7, Compression.NONE)).doesNotThrowAnyException();
  }

  @Test
  void rejectsFewerThanOneRequest() {
    assertThatThrownBy(() -> new GeneratorOptions(OUT, DATE, 0, 1, Compression.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requests: 0").hasMessageContaining("at least 1");
  }

  @Test
  void rejectsMissingValues() {
    assertThatThrownBy(() -> new GeneratorOptions(null, DATE, 1, 1, Compression.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output directory");
    assertThatThrownBy(() -> new GeneratorOptions(OUT, null, 1, 1, Compression.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("date");
    assertThatThrownBy(() -> new GeneratorOptions(OUT, DATE, 1, 1, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NONE, GZIP, BZIP2, ZSTD");
    assertThatThrownBy(() -> new LogSimulator(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsYearsOutsideTheRenderableRange() {
    assertThatThrownBy(() -> new GeneratorOptions(OUT, LocalDate.of(1969, 12, 31), 1, 1, Compression.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1969-12-31");
  }

  @Test
  void formatsAreWrittenAsEnvelopeFormatAndAccessLog() {
    assertThat(ServiceFormat.DEFAULT.with("cri:pattern+envoy"))
        .isEqualTo(new ServiceFormat(AppLogFormat.PATTERN, Envelope.CRI, AccessLogFormat.ENVOY));
    assertThat(ServiceFormat.DEFAULT.with("spring-boot-2").spec()).isEqualTo("spring-boot-2");
    assertThat(ServiceFormat.DEFAULT.with("+nginx").spec()).isEqualTo("logstash-json+nginx");
    assertThat(ServiceFormat.DEFAULT.with("docker:python+apache").spec()).isEqualTo("docker:python+apache");
    for (ServiceFormat format : ServiceFormat.preset(ServiceFormat.MIXED).values()) {
      assertThat(ServiceFormat.DEFAULT.with(format.spec())).isEqualTo(format);
    }
  }

  @Test
  void laterAssignmentsOverrideEarlierOnesAndThePreset() {
    Map<String, ServiceFormat> formats = ServiceFormat.assign(ServiceFormat.preset(ServiceFormat.MIXED),
        List.of("cart=ecs-json", "cart=+envoy", "gateway=logstash-json"));
    assertThat(formats.get("cart").spec()).isEqualTo("ecs-json+envoy");
    assertThat(formats.get("gateway")).isEqualTo(ServiceFormat.DEFAULT);
    assertThat(formats.get("catalog").spec()).isEqualTo("cri:pattern");
    assertThat(new GeneratorOptions(OUT, DATE, 1, 1, Compression.NONE, formats).formatOf("auth").spec())
        .isEqualTo("ecs-json");
    assertThat(new GeneratorOptions(OUT, DATE, 1, 1, Compression.NONE).formatOf("auth"))
        .isEqualTo(ServiceFormat.DEFAULT);
  }

  @Test
  void rejectsUnknownServicesFormatsAndPresets() {
    assertThatThrownBy(() -> ServiceFormat.assign(Map.of(), List.of("basket=pattern")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid format assignment 'basket=pattern': 'basket' is not a service of the shop; use one of "
            + String.join(", ", ShopTopology.SERVICES));
    assertThatThrownBy(() -> ServiceFormat.assign(Map.of(), List.of("cart=xml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid format assignment 'cart=xml': 'xml' is not a log format; use one of "
            + "logstash-json, ecs-json, otel-json, bunyan-json, pino-json, pattern, python, spring-boot, "
            + "spring-boot-2, logfmt, optionally as docker:FORMAT or cri:FORMAT, and/or +nginx, +apache, +envoy");
    for (String bad : List.of("cart=podman:pattern", "cart=pattern+haproxy", "cart=", "cart=docker:")) {
      assertThatThrownBy(() -> ServiceFormat.assign(Map.of(), List.of(bad)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a log format");
    }
    assertThatThrownBy(() -> ServiceFormat.assign(Map.of(), List.of("pattern")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write it as SERVICE=FORMAT");
    assertThatThrownBy(() -> ServiceFormat.preset("all"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid format preset 'all': the only preset is mixed");
    assertThatThrownBy(() -> new GeneratorOptions(OUT, DATE, 1, 1, Compression.NONE,
        Map.of("basket", ServiceFormat.DEFAULT)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'basket' is not a service of the shop");
  }

  @Test
  void compressionSuffixes() {
    assertThat(Compression.NONE.suffix()).isEmpty();
    assertThat(Compression.GZIP.suffix()).isEqualTo(".gz");
    assertThat(Compression.BZIP2.suffix()).isEqualTo(".bz2");
    assertThat(Compression.ZSTD.suffix()).isEqualTo(".zst");
  }

  @Test
  void withoutAScenarioTheLogsAreFull() {
    GeneratorOptions options = new GeneratorOptions(OUT, DATE, 1, 1, Compression.NONE, Map.of());
    assertThat(options.scenario()).isEqualTo(Scenario.DEFAULT);
    assertThat(Scenario.DEFAULT.ids()).isEqualTo(IdMode.FULL);
    assertThat(Scenario.DEFAULT.maxSkewUs()).isEqualTo(Fleet.MAX_CLOCK_SKEW_US);
    assertThat(Scenario.DEFAULT.loggingOf("gateway")).isEqualTo(Scenario.Logging.ALL);
    assertThatThrownBy(() -> new GeneratorOptions(OUT, DATE, 1, 1, Compression.NONE, Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Scenario.DEFAULT");
  }

  @Test
  void scenariosNameServicesOnceInOrderAndTheRequestIdIsTheTraceIdAsAUuid() {
    Scenario scenario = Scenario.DEFAULT.withSilent(Set.of("shipping", "auth"))
        .withAccessLogOnly(Set.of("catalog"));
    assertThat(scenario.silent()).containsExactly("auth", "shipping");
    assertThat(scenario.loggingOf("auth")).isEqualTo(Scenario.Logging.NONE);
    assertThat(scenario.loggingOf("catalog")).isEqualTo(Scenario.Logging.ACCESS_ONLY);
    assertThatThrownBy(() -> scenario.silent().add("cart")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(IdMode.requestId("4bf92f3577b34da6a3ce929d0e0e4736"))
        .isEqualTo("4bf92f35-77b3-4da6-a3ce-929d0e0e4736");
    assertThat(TraceIds.normalizeTraceId("4bf92f35-77b3-4da6-a3ce-929d0e0e4736"))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }
}
