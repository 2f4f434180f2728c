package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's exit-code table has a row for every exit code the CLI returns. */
class ExitCodesDocTest {

  @Test
  void everyExitCodeHasARowInTheReadmeTable() throws IOException, IllegalAccessException {
    String readme = Files.readString(Path.of("README.md"));
    String table = readme.substring(readme.indexOf("| exit code | meaning | what to do |"));
    table = table.substring(0, table.indexOf("\n\n"));
    List<Integer> codes = new ArrayList<>();
    for (Field field : ExitCodes.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
        codes.add(field.getInt(null));
      }
    }
    assertThat(codes).hasSizeGreaterThanOrEqualTo(5);
    for (int code : codes) {
      assertThat(table).as("exit code " + code).containsPattern("(?m)^\\| ([0-9]+, )*" + code + "(, [0-9]+)* \\|");
    }
    // the JVM's own exits under Spark and signals are there too
    assertThat(table).containsPattern("(?m)^\\| 50, 51, 52 \\|").containsPattern("(?m)^\\| 130, 137, 143 \\|");
  }
}
