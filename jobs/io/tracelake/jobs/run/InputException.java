package io.tracelake.jobs.run;

/** Input that cannot be read (no file matches, a directory cannot be listed); the message is one line. */
public final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }
}
