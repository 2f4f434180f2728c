package io.tracelake.parsers.context;

import io.tracelake.model.LogEvent;

/** An event with its trace context resolved, and where that context came from. */
public record ResolvedEvent(LogEvent event, TraceContextSource source) {}
