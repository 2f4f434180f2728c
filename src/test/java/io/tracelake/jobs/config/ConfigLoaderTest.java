package io.tracelake.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static final Path BASE = Path.of("/data/shop");

  private static TracelakeConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "tracelake.yaml", BASE);
  }

  @Test
  void readsAFullConfigAndResolvesRelativePathsAgainstTheConfigDirectory() {
    TracelakeConfig config = parse("""
        warehouse: warehouse
        spark:
          spark.sql.shuffle.partitions: 8
        limits:
          max_line_bytes: 65536
        sources:
          - name: shop
            format: logstash-json
            paths: ["logs/{date}/*/*.log*", "/archive/{date:yyyy/MM/dd}/*.gz", "s3a://bucket/{date}/*.zst"]
            service: {field: app_name}
            instance: {path: '/([^/]+)\\.log'}
            timezone: Europe/Berlin
        """);
    assertThat(config.warehouse()).isEqualTo("/data/shop/warehouse");
    assertThat(config.spark()).containsEntry("spark.sql.shuffle.partitions", "8");
    assertThat(config.maxLineBytes()).isEqualTo(65536);
    SourceConfig source = config.sources().get(0);
    assertThat(source.paths()).containsExactly("/data/shop/logs/{date}/*/*.log*", "/archive/{date:yyyy/MM/dd}/*.gz",
        "s3a://bucket/{date}/*.zst");
    assertThat(source.service().field()).isEqualTo("app_name");
    assertThat(source.instance().path()).isEqualTo("/([^/]+)\\.log");
    assertThat(DatePlaceholders.expand(source.paths().get(1), LocalDate.of(2026, 11, 20)))
        .isEqualTo("/archive/2026/11/20/*.gz");
  }

  @Test
  void defaultsTheLineLimit() {
    TracelakeConfig config = parse("warehouse: /w\nsources: [{name: a, format: logstash-json, paths: [/x]}]");
    assertThat(config.maxLineBytes()).isEqualTo(ConfigLoader.DEFAULT_MAX_LINE_BYTES);
    assertThat(config.warehouse()).isEqualTo("/w");
  }

  @Test
  void eachMistakeIsOneLineThatNamesTheFileAndTheField() {
    assertError("warehouse: /w\nsorces: []", "tracelake.yaml: line 2: unknown field 'sorces' at sorces; known fields: ");
    assertError("sources: [{name: a, format: logstash-json, paths: [/x]}]", "tracelake.yaml: 'warehouse' is required");
    assertError("warehouse: /w", "tracelake.yaml: 'sources' is required");
    assertError("warehouse: /w\nsources: [{name: a, format: syslog, paths: [/x]}]",
        "tracelake.yaml: source 'a': format 'syslog' is not one of: logstash-json");
    assertError("warehouse: /w\nsources: [{name: a, format: logstash-json}]",
        "tracelake.yaml: source 'a': 'paths' needs at least one path or glob");
    assertError("warehouse: /w\nsources: [{name: a, format: logstash-json, paths: [/x], service: {field: f, value: v}}]",
        "tracelake.yaml: source 'a'.service needs exactly one of 'value', 'field' or 'path'");
    assertError("warehouse: /w\nsources:\n  - name: a\n    format: logstash-json\n    paths: [/x]\n    instance:\n      path: '(('",
        "tracelake.yaml: source 'a'.instance: path pattern '((' does not compile");
    assertError("warehouse: /w\nsources: [{name: a, format: logstash-json, paths: ['/x/{date:qqqqqq}']}]",
        "tracelake.yaml: source 'a': path '/x/{date:qqqqqq}': '{date:qqqqqq}' is not a valid date pattern");
    assertError("warehouse: /w\nsources: [{name: a, format: logstash-json, paths: [/x], timezone: Mars/Olympus}]",
        "tracelake.yaml: source 'a': timezone 'Mars/Olympus' is not a zone id");
    assertError("warehouse: /w\nsources: [{name: a, format: logstash-json, paths: [/x]}, "
        + "{name: a, format: logstash-json, paths: [/y]}]", "tracelake.yaml: source 'a' is defined twice");
    assertError("warehouse: '/w\nsources: []", "tracelake.yaml: line 1: not valid YAML: while scanning a quoted scalar");
    assertError("warehouse: /w\nlimits: {max_line_bytes: lots}\nsources: [{name: a, format: logstash-json, paths: [/x]}]",
        "tracelake.yaml: line 2: wrong value at limits.max_line_bytes");
  }

  @Test
  void theExampleConfigIsValid() {
    TracelakeConfig example = ConfigLoader.load(Path.of("config/example.yaml"));
    assertThat(example.sources()).extracting(SourceConfig::name).containsExactly("shop", "payments");
    assertThat(example.rebuild().dayMarginMinutes()).isEqualTo(15);
    assertThat(example.rebuild().options().enclosureToleranceUs()).isEqualTo(10_000);
    io.tracelake.model.trace.LineEvidence.Line call = example.rebuild().options().evidence()
        .read("Sending request to payments POST /charge?retry=1");
    assertThat(call).isNotNull();
    assertThat(call.service()).isEqualTo("payments");
    assertThat(call.path()).isEqualTo("/charge");
  }

  @Test
  void theRebuildSectionIsCheckedWithOneLineErrors() {
    String sources = "\nsources: [{name: a, format: logstash-json, paths: [/x]}]";
    assertThat(parse("warehouse: /w" + sources).rebuild())
        .isEqualTo(io.tracelake.jobs.config.RebuildConfig.defaults());
    assertError("warehouse: /w\nrebuild: {max_clock_skew_ms: -1}" + sources,
        "tracelake.yaml: rebuild.max_clock_skew_ms must not be negative, was -1");
    assertThat(parse("warehouse: /w\nrebuild: {enclosure_tolerance_ms: 250}" + sources)
        .rebuild().options().enclosureToleranceUs()).isEqualTo(250_000);
    // the section's name before "rebuild" became the one verb is still read
    assertThat(parse("warehouse: /w\nreconstruction: {enclosure_tolerance_ms: 75}" + sources)
        .rebuild().options().enclosureToleranceUs()).isEqualTo(75_000);
    assertError("warehouse: /w\nrebuild: {enclosure_tolerance_ms: 60001}" + sources,
        "tracelake.yaml: rebuild.enclosure_tolerance_ms must be between 0 and 60000, was 60001");
    assertError("warehouse: /w\nrebuild: {day_margin_minutes: 1441}" + sources,
        "tracelake.yaml: rebuild.day_margin_minutes must be between 0 and 720, was 1441");
    assertError("warehouse: /w\nrebuild: {evidence: {calls: ['x']}}" + sources,
        "tracelake.yaml: rebuild.evidence.calls is not an evidence kind; use one of call, consumer_start");
    assertError("warehouse: /w\nrebuild: {evidence: {call: ['^Calling (\\S+)']}}" + sources,
        "tracelake.yaml: rebuild.evidence: evidence pattern for call '^Calling (\\S+)' needs a named group "
            + "(?<service>...)");
  }

  @Test
  void aMissingFileSaysSo() {
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/tracelake.yaml")))
        .isInstanceOf(ConfigException.class).hasMessage("/nonexistent/tracelake.yaml: config file not found");
  }

  @Test
  void errorsNameTheLineOfTheKeyInBlockAndFlowStyleAlike() {
    assertError("""
        warehouse: /w
        sources:
          - name: web
            format: logstash-json
            colour: blue
            paths: [/x]
            service: {value: web}
            timezone: UTC
        """, "tracelake.yaml: line 5: unknown field 'colour' at sources[0].colour; known fields: ");
    assertError("warehouse: /w\nsources: [{name: web,\n  format: logstash-json, paths: [/x],\n  colour: blue}]",
        "tracelake.yaml: line 4: unknown field 'colour' at sources[0].colour");
    assertError("""
        warehouse: /w
        sources:
          - name: web
            format: json
            fields:
              level: severity
            paths: [/x]
        """, "tracelake.yaml: line 6: sources[0].fields.level must be a list of field names, e.g. [severity, level]");
    assertError("warehouse: /w\nsources: [{name: web, format: json, paths: /x}]",
        "tracelake.yaml: line 2: sources[0].paths must be a list of paths or globs, e.g. [/var/log/app/{date}/*.log]");
    assertError("warehouse: /w\nsources:\n  - {name: web, format: json, paths: [/x], service: web}",
        "tracelake.yaml: line 3: sources[0].service must be one of {field: F}, {value: V} or {path: REGEX}");
  }

  @Test
  void spansAreDeclaredPerSourceAndCheckedWhenTheConfigIsRead() {
    TracelakeConfig config = parse("""
        warehouse: /w
        sources:
          - name: billing
            format: logfmt
            paths: [/x]
            span_id_patterns: ['span=([0-9a-f]{16})']
            spans:
              kind: {value: server}
              peer_service: {pattern: 'Calling (\\w+)'}
              start: {pattern: '^Started (?<name>\\S+ \\S+)'}
              end: {field: event, value: finished}
        """);
    io.tracelake.parsers.ParserSpec spec = ParserSpecs.of(config.sources().get(0));
    java.util.function.UnaryOperator<io.tracelake.model.LogEvent> finisher =
        io.tracelake.parsers.LineParsers.finisher(spec);
    io.tracelake.model.LogEvent started = finisher.apply(io.tracelake.model.LogEvent.builder(1L)
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736").message("Started POST /invoices span=00f067aa0ba902b7").build());
    assertThat(started.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(started.attributes()).containsEntry("span_kind", "SERVER").containsEntry("span_event", "start")
        .containsEntry("span_name", "POST /invoices").doesNotContainKey("peer_service");
    io.tracelake.model.LogEvent call = finisher.apply(io.tracelake.model.LogEvent.builder(2L).message("Calling ledger")
        .attributes(java.util.Map.of("event", "finished", "span_kind", "CLIENT")).build());
    assertThat(call.attributes()).containsEntry("peer_service", "ledger").containsEntry("span_event", "end")
        .as("a kind the line logged wins").containsEntry("span_kind", "CLIENT");

    String source = "warehouse: /w\nsources:\n  - name: b\n    format: logfmt\n    paths: [/x]\n    spans: ";
    assertError(source + "{kind: {value: sever}}",
        "tracelake.yaml: source 'b': spans.kind value 'sever' is not a span kind; use one of SERVER, CLIENT");
    assertError(source + "{peer_service: {pattern: 'Calling \\w+'}}",
        "tracelake.yaml: source 'b': spans.peer_service: pattern 'Calling \\w+' needs a capture group");
    assertError(source + "{start: {value: x}}",
        "tracelake.yaml: source 'b': spans.start needs one of {pattern: REGEX} or {field: F}");
    assertError(source + "{kind: SERVER}",
        "tracelake.yaml: line 6: sources[0].spans.kind must be one of {value: V}, {field: F} or {pattern: REGEX}");
  }

  private static void assertError(String yaml, String expectedStart) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(expectedStart)
        .hasMessageNotContaining("\n");
  }
}
