package io.tracelake.simulator;

import io.tracelake.model.Level;

/** A line a span logged strictly between its start and end, at true time {@code timeUs}. */
record SpanNote(long timeUs, Level level, String message) {}
