package io.tracelake.jobs.config;

import io.tracelake.parsers.ParserSpec;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a source's config into the {@link ParserSpec} its parsers are built from. */
public final class ParserSpecs {

  private ParserSpecs() {}

  public static ParserSpec of(SourceConfig source) {
    Map<String, List<String>> fields = new HashMap<>();
    if (source.fields() != null) {
      fields.putAll(source.fields());
    }
    // "service: {field: app}" is the field mapping of the service role, for formats that read fields
    if (source.service() != null && source.service().field() != null) {
      fields.put("service", List.of(source.service().field()));
    }
    if (source.instance() != null && source.instance().field() != null) {
      fields.put("instance", List.of(source.instance().field()));
    }
    ZoneId zone = source.timezone() == null ? ZoneOffset.UTC : ZoneId.of(source.timezone());
    return new ParserSpec(source.format(), source.pattern(), fields, source.timestampFormat(), source.envelope(),
        source.requestIdPatterns(), source.spanIdPatterns(), source.parentSpanIdPatterns(),
        source.spans() == null ? null : source.spans().declarations(), source.multiline(), zone);
  }
}
