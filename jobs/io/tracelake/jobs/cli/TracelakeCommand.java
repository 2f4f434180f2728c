package io.tracelake.jobs.cli;

import io.tracelake.jobs.config.ConfigException;
import io.tracelake.jobs.run.InputException;
import io.tracelake.jobs.run.Version;
import java.io.PrintWriter;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tracelake} command line: the entry point of bin/tracelake and of spark-submit. */
@Command(name = "tracelake", mixinStandardHelpOptions = true, versionProvider = TracelakeCommand.VersionProvider.class,
    description = "Rebuilds distributed traces from application logs, one day at a time, on Apache Spark.",
    subcommands = {RunCommand.class, StatusCommand.class, AggregateCommand.class, RollupCommand.class, DependenciesCommand.class,
        TraceCommand.class, SearchCommand.class, ExportCommand.class, CriticalPathCommand.class, CompareCommand.class,
        ParseTestCommand.class, PathsCommand.class}, // then each PluginCommand, then help
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:the job failed (Spark or I/O error); see the log",
        "2:bad arguments or configuration",
        "3:input problem: no file for the day, or a file not readable to its end",
        "4:trace: no trace with that id in the days searched"})
public final class TracelakeCommand implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(TracelakeCommand.class);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // every command, as registered: the list cannot fall behind the commands
    String commands = spec.subcommands().keySet().stream().filter(name -> !name.equals("help"))
        .collect(java.util.stream.Collectors.joining(", "));
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: one of " + commands);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the CLI with the given output streams and returns its exit code; tests call this rather than main. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(TracelakeCommand::handle);
    return cli.execute(args);
  }

  /** The command line with every subcommand: the engine's, those found on the classpath, and help. */
  public static CommandLine commandLine() {
    return commandLine(TracelakeCommand.class.getClassLoader());
  }

  /** As {@link #commandLine()}, with the {@link PluginCommand}s {@code loader} finds; a test hides them with it. */
  static CommandLine commandLine(ClassLoader loader) {
    CommandLine cli = new CommandLine(new TracelakeCommand());
    for (PluginCommand command : ServiceLoader.load(PluginCommand.class, loader)) {
      cli.addSubcommand(command);
    }
    cli.addSubcommand(new CommandLine.HelpCommand()); // last, as picocli lists subcommands in the order added
    return cli;
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof ConfigException) {
      err.println("tracelake: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (e instanceof IllegalArgumentException) {
      err.println("tracelake: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (e instanceof InputException) {
      err.println("tracelake: " + e.getMessage());
      return ExitCodes.INPUT;
    }
    String encrypted = io.tracelake.jobs.warehouse.ColumnEncryption.whyUnreadable(e);
    if (encrypted != null) {
      // a reader without the key (Spark's, in export): the keys are the command's arguments, its config's
      err.println("tracelake: " + cli.getCommandName() + ": cannot read an encrypted column (" + encrypted + "); "
          + "give the --config whose 'encryption' block names the warehouse's keys");
      return ExitCodes.USAGE;
    }
    if (e instanceof io.tracelake.jobs.warehouse.DayLock.LockedException) {
      err.println("tracelake: " + e.getMessage());
      return ExitCodes.DAY_LOCKED;
    }
    LOG.error("{} failed", cli.getCommandName(), e);
    err.println("tracelake: " + cli.getCommandName() + " failed: " + rootMessage(e) + " (stack trace in the log above)");
    return ExitCodes.JOB_FAILED;
  }

  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      if (cause instanceof io.tracelake.jobs.run.LineFailure) {
        // it names the input file and line that caused the failure: more use than the innermost message
        return firstLine(cause.getMessage());
      }
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getClass().getSimpleName()
        + ": " + cause.getMessage();
    return firstLine(message);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tracelake " + Version.current()};
    }
  }
}
