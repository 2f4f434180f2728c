package io.tracelake.jobs.run;

/**
 * A failure that reading or handling one line of an input file caused: its message names the file and the line,
 * so that a whole-run failure says where to look (the CLI prints it rather than the innermost cause's).
 */
public final class LineFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param exact whether {@code line} is the line being handled; otherwise it is the last line read whole, and the
   *     failure came while reading on
   */
  LineFailure(String file, long line, boolean exact, Throwable cause) {
    super(file + ": line " + line + (exact ? "" : " (the last line read)") + ": " + cause, cause);
  }
}
