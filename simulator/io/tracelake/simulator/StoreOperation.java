package io.tracelake.simulator;

import java.util.List;

/**
 * A call a service makes to an uninstrumented peer (database, cache, mail relay): only the caller's
 * CLIENT span exists.
 *
 * @param statement what the start line says it executes, e.g. {@code GET cart:{id}}; its text names the span
 * @param failure how the peer fails, or null when it never does
 */
record StoreOperation(
    String peer,
    Template statement,
    String logger,
    Latency latency,
    Failure failure,
    List<NoteTemplate> notes) {

  StoreOperation {
    notes = List.copyOf(notes);
  }

  String name() {
    return statement.text();
  }
}
