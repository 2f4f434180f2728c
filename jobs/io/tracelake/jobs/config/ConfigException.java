package io.tracelake.jobs.config;

/** A configuration a user must fix; the message is one line naming the file, the field and the fix. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
