package io.tracelake.simulator;

import java.util.List;

/**
 * A message topic on a broker: publishing is a PRODUCER span of the publisher; each listener then
 * receives the message after {@code deliveryDelay} as a CONSUMER span whose parent is the producer span.
 */
record Topic(
    String name,
    String broker,
    String publisherLogger,
    Latency publishTime,
    Failure publishFailure,
    Latency deliveryDelay,
    List<NoteTemplate> publishNotes,
    List<Endpoint> listeners) {

  Topic {
    publishNotes = List.copyOf(publishNotes);
    listeners = List.copyOf(listeners);
  }

  String publishSpanName() {
    return "publish " + name;
  }
}
