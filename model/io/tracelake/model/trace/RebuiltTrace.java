package io.tracelake.model.trace;

import io.tracelake.model.Span;
import io.tracelake.model.TraceSummary;
import java.util.List;

/** One trace rebuilt from its events: the summary row and its spans. */
public record RebuiltTrace(TraceSummary summary, List<Span> spans) {
  public RebuiltTrace {
    spans = List.copyOf(spans);
  }
}
