package io.tracelake.parsers.json;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The JSON log families tracelake reads, by the name a config gives them, each with its preset mapping. */
public enum JsonFormat {
  LOGSTASH("logstash-json", JsonFieldMapping::logstash),
  ECS("ecs-json", JsonFieldMapping::ecs),
  OTEL("otel-json", JsonFieldMapping::otel),
  BUNYAN("bunyan-json", JsonFieldMapping::bunyan),
  PINO("pino-json", JsonFieldMapping::pino),
  GELF("gelf-json", JsonFieldMapping::gelf),
  GENERIC("json", JsonFieldMapping::generic);

  private final String configName;
  private final Supplier<JsonFieldMapping> preset;

  JsonFormat(String configName, Supplier<JsonFieldMapping> preset) {
    this.configName = configName;
    this.preset = preset;
  }

  public String configName() {
    return configName;
  }

  /** The format's preset field mapping. */
  public JsonFieldMapping mapping() {
    return preset.get();
  }

  /**
   * The preset with the fields of some roles replaced, by role name ({@code timestamp}, {@code level},
   * {@code message}, {@code logger}, {@code thread}, {@code trace_id}, {@code span_id},
   * {@code parent_span_id}, {@code request_id}, {@code service}, {@code instance}, {@code exception},
   * {@code exception_type}, {@code exception_message}).
   *
   * @throws IllegalArgumentException for an unknown role, or no timestamp field left
   */
  public JsonFieldMapping mapping(Map<String, List<String>> fieldsByRole) {
    return mapping().withFields(fieldsByRole);
  }

  /** A parser of this format with the fields of some roles replaced (see {@link #mapping(Map)}). */
  public JsonLineParser newParser(Map<String, List<String>> fieldsByRole, ZoneId zoneWithoutOffset) {
    return new JsonLineParser(mapping(fieldsByRole), zoneWithoutOffset);
  }

  /** @throws IllegalArgumentException naming the known formats when {@code name} is none of them */
  public static JsonFormat byConfigName(String name) {
    for (JsonFormat format : values()) {
      if (format.configName.equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException("JSON format '" + name + "' is not one of: "
        + Arrays.stream(values()).map(JsonFormat::configName).collect(Collectors.joining(", ")));
  }
}
