package io.tracelake.jobs.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a source's service (or instance) name comes from: a fixed {@code value}, a {@code field} of
 * each line, or a regular expression over the file's {@code path}. Exactly one is set.
 */
public record NameSource(String value, String field, String path) {

  @JsonCreator
  public static NameSource of(@JsonProperty("value") String value, @JsonProperty("field") String field,
      @JsonProperty("path") String path) {
    return new NameSource(value, field, path);
  }

  /** How many of value, field and path are set; a valid name source has exactly one. */
  int settings() {
    return (value != null ? 1 : 0) + (field != null ? 1 : 0) + (path != null ? 1 : 0);
  }
}
