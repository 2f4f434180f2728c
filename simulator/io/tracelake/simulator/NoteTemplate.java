package io.tracelake.simulator;

import io.tracelake.model.Level;

/** An ordinary log line a span may write between its start and end lines. */
record NoteTemplate(Level level, String message) {

  static NoteTemplate debug(String message) {
    return new NoteTemplate(Level.DEBUG, message);
  }

  static NoteTemplate info(String message) {
    return new NoteTemplate(Level.INFO, message);
  }

  static NoteTemplate warn(String message) {
    return new NoteTemplate(Level.WARN, message);
  }
}
