package io.tracelake.jobs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the tracelake CLI in this JVM, as a scheduler sees it: exit code, standard output and error. */
record CliRun(int exitCode, String out, String err) {

  static CliRun tracelake(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TracelakeCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
