package io.tracelake.parsers.envelope;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The container log envelopes tracelake unwraps, by the name a config gives them. */
public enum EnvelopeFormat {
  /** Docker's json-file logging driver: {@code {"log":"…\n","stream":"stdout","time":"…"}}. */
  DOCKER_JSON("docker"),
  /** The Kubernetes CRI log format of containerd and CRI-O: {@code <time> <stream> <P|F> <line>}. */
  CRI("cri");

  private final String configName;

  EnvelopeFormat(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** A new envelope of this format, for one thread. */
  public Envelope newEnvelope() {
    return switch (this) {
      case DOCKER_JSON -> new DockerJsonEnvelope();
      case CRI -> new CriEnvelope();
    };
  }

  /** @throws IllegalArgumentException naming the known envelopes when {@code name} is none of them */
  public static EnvelopeFormat byConfigName(String name) {
    for (EnvelopeFormat format : values()) {
      if (format.configName.equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException("envelope '" + name + "' is not one of: "
        + Arrays.stream(values()).map(EnvelopeFormat::configName).collect(Collectors.joining(", ")));
  }
}
