package io.tracelake.jobs.testbed;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The recorded test-bed days under src/test/resources/testbed, copied where a run may write its warehouse. */
final class TestbedFixtures {
  private TestbedFixtures() {}

  /** A copy of the recorded day {@code name} (logs, truth, tracelake.yaml) under {@code work}. */
  static Path copy(String name, Path work) throws IOException, URISyntaxException {
    Path source = Path.of(TestbedFixtures.class.getResource("/testbed/" + name).toURI());
    Path target = work.resolve(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return target;
  }
}
