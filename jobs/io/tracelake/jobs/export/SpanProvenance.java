package io.tracelake.jobs.export;

import io.tracelake.model.Span;
import io.tracelake.model.trace.ParentSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How tracelake found a span (SCHEMA.md, spans: timing_source ... inferred), as the exports tag it and the
 * waterfall marks it: the one place the export side reads a span's provenance fields.
 */
final class SpanProvenance {

  private SpanProvenance() {}

  /**
   * The span's {@code tracelake.*} tags, in the table's column order, typed (String, Double, Long, Boolean); what
   * says nothing is left out: no source (a day written before schema version 5), no skew, not inferred.
   */
  static Map<String, Object> tags(Span span) {
    Map<String, Object> tags = new LinkedHashMap<>();
    if (span.timingSource() != null) {
      tags.put("tracelake.timing_source", span.timingSource());
    }
    if (span.parentSource() != null) {
      tags.put("tracelake.parent_source", span.parentSource());
      // the confidence goes with the source: a day without sources has none either
      tags.put("tracelake.parent_confidence", span.parentConfidence());
    }
    if (span.clockSkewUs() != 0) {
      tags.put("tracelake.clock_skew_us", span.clockSkewUs());
    }
    if (span.inferred()) {
      tags.put("tracelake.inferred", true);
    }
    return tags;
  }

  /** True when tracelake inferred the span's parent (a call line, the enclosing span, ...) rather than read it. */
  static boolean parentInferred(Span span) {
    return Arrays.stream(ParentSource.values()).anyMatch(source -> source.code().equals(span.parentSource())
        && !source.logged() && source != ParentSource.NONE);
  }

  static boolean skewAdjusted(Span span) {
    return span.clockSkewUs() != 0;
  }
}
