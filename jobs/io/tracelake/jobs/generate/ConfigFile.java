package io.tracelake.jobs.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code tracelake.yaml} written next to the generated logs, so that they can be processed as they are. */
final class ConfigFile {
  static final String FILE_NAME = "tracelake.yaml";

  private ConfigFile() {}

  // *.log* and not the exact suffix: the config stays right when the logs are compressed later
  static String content() {
    return "# Written by `tracelake generate`; paths are relative to this file.\n"
        + "warehouse: warehouse\n"
        + "sources:\n"
        + "  - name: shop\n"
        + "    format: logstash-json\n"
        + "    paths:\n"
        + "      - \"logs/{date}/*/*.log*\"\n"
        + "    service: {field: app_name}\n"
        + "    instance: {field: HOSTNAME}\n";
  }

  static Path write(Path directory) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    Files.writeString(file, content(), StandardCharsets.UTF_8);
    return file;
  }
}
