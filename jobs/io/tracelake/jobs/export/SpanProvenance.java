package io.tracelake.jobs.export;

import io.tracelake.model.ParentSource;
import io.tracelake.model.Span;
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
    if (timingSourceCode(span) != null) {
      tags.put("tracelake.timing_source", timingSourceCode(span));
    }
    if (parentSourceCode(span) != null) {
      tags.put("tracelake.parent_source", parentSourceCode(span));
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
    ParentSource source = span.parentSource();
    return source != null && !source.logged() && source != ParentSource.NONE;
  }

  static boolean skewAdjusted(Span span) {
    return span.clockSkewUs() != 0;
  }

  /** The spans table's code for how the span's times were found, or null for a day written before version 5. */
  private static String timingSourceCode(Span span) {
    return span.timingSource() == null ? null : span.timingSource().code();
  }

  /** The spans table's code for how the span's parent was found, or null for a day written before version 5. */
  private static String parentSourceCode(Span span) {
    return span.parentSource() == null ? null : span.parentSource().code();
  }
}
