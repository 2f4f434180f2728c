package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The simulator's commands join the CLI from META-INF/services; without them the CLI works and lists the rest. */
class PluginCommandsTest {

  private static final List<String> ENGINE_COMMANDS =
      List.of("run", "status", "aggregate", "rollup", "dependencies", "trace", "search", "export", "critical-path", "compare",
          "parse-test",
          "paths");

  @Test
  void theSimulatorsCommandsAreFoundOnTheClasspathAndHelpStaysLast() {
    List<String> commands = new ArrayList<>(TracelakeCommand.commandLine().getSubcommands().keySet());
    assertThat(commands).containsSubsequence(ENGINE_COMMANDS).contains("generate", "accuracy").endsWith("help");
    Object generate = TracelakeCommand.commandLine().getSubcommands().get("generate").getCommand();
    assertThat(generate).isInstanceOf(PluginCommand.class);
  }

  @Test
  void withoutTheSimulatorTheCliStillRunsAndListsNeitherCommand() {
    CommandLine cli = TracelakeCommand.commandLine(new WithoutServiceFiles(getClass().getClassLoader()));
    assertThat(cli.getSubcommands().keySet()).containsExactlyElementsOf(concat(ENGINE_COMMANDS, "help"));

    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString()).contains("parse-test").doesNotContain("generate", "accuracy");

    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("generate", "--out", "x")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Unmatched argument").contains("'generate'");
  }

  private static List<String> concat(List<String> first, String last) {
    List<String> all = new ArrayList<>(first);
    all.add(last);
    return all;
  }

  /** A class loader as the engine's jar alone would be: same classes, but no service entry names a plugin. */
  private static final class WithoutServiceFiles extends ClassLoader {
    WithoutServiceFiles(ClassLoader parent) {
      super(parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return name.startsWith("META-INF/services/") ? Collections.emptyEnumeration() : super.getResources(name);
    }
  }
}
