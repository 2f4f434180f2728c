package io.tracelake.simulator;

/**
 * What a container runtime wraps each line of a service's stdout in before it reaches the log file:
 * nothing, Docker's json-file entries or the Kubernetes CRI format.
 */
public enum Envelope {
  NONE(null),
  /** {@code {"log":"<line>\n","stream":"stdout","time":"<RFC3339Nano>"}} per line. */
  DOCKER("docker"),
  /** {@code <RFC3339Nano> stdout F <line>} per line. */
  CRI("cri");

  /** Lines longer than this many bytes are split into partial entries, as both runtimes do. */
  static final int MAX_LINE_BYTES = 16 * 1024;

  private final String configName;

  Envelope(String configName) {
    this.configName = configName;
  }

  /** The name in the config's {@code envelope} field and before the colon in {@code --format}; null for NONE. */
  public String configName() {
    return configName;
  }

  /** The envelope of that name, or null. */
  public static Envelope byConfigName(String name) {
    for (Envelope envelope : values()) {
      if (envelope.configName != null && envelope.configName.equals(name)) {
        return envelope;
      }
    }
    return null;
  }
}
