package io.tracelake.jobs.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One log source: a set of files read with one format, e.g. every instance's JSON log of a fleet.
 *
 * @param paths Hadoop paths or globs; {@code {date}} stands for the day processed (YYYY-MM-DD) and
 *     {@code {date:PATTERN}} for it in a java.time pattern, e.g. {@code {date:yyyy/MM/dd}}
 * @param timezone zone of timestamps that carry no offset (default UTC)
 */
public record SourceConfig(
    @JsonProperty("name") String name,
    @JsonProperty("format") String format,
    @JsonProperty("paths") List<String> paths,
    @JsonProperty("service") NameSource service,
    @JsonProperty("instance") NameSource instance,
    @JsonProperty("timezone") String timezone) {}
