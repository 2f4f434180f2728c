package io.tracelake.jobs.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A user rule for operation names: every match of {@code pattern} is replaced by {@code replacement}. */
public record OperationRule(@JsonProperty("pattern") String pattern, @JsonProperty("replacement") String replacement) {}
