package io.tracelake.simulator;

import java.util.List;

/** Work a service does in process that it traces as an INTERNAL span, e.g. {@code FraudCheck.evaluate}. */
record InternalOperation(String name, String logger, Latency selfTime, List<Failure> failures,
    List<NoteTemplate> notes) {

  InternalOperation {
    failures = List.copyOf(failures);
    notes = List.copyOf(notes);
  }
}
