package io.tracelake.jobs.config;

import io.tracelake.jobs.warehouse.OutputMode;
import java.util.Map;

/**
 * How what a run writes is created (the config's {@code output} block).
 *
 * @param umask the permission bits taken away from each file (0666) and directory (0777) written, as three octal
 *     digits: {@code 077} (the default) gives 0600 and 0700, owner-only; {@code 027} gives 0640 and 0750
 */
public record OutputConfig(String umask) {

  public static final OutputConfig DEFAULT = new OutputConfig(OutputMode.DEFAULT_UMASK);

  /** The Hadoop settings that make every writer of the session follow it. */
  public Map<String, String> hadoopSettings() {
    return Map.of(OutputMode.UMASK_KEY, umask);
  }
}
