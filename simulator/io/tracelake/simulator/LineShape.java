package io.tracelake.simulator;

/**
 * Where a span's log lines sit in time against its children. Real services do not always log around
 * their calls: a rebuild that takes a span's first and last line for its extent then sees a parent that
 * does not enclose its child.
 */
enum LineShape {
  /** Start line, ordinary lines and end line: the lines enclose every child. */
  ENCLOSING("enclosing"),
  /** Only the start line, before the first call: a controller that logs once and delegates. */
  ONE_LINE_BEFORE("one_line_before"),
  /** Only the end line, after the children returned: a servlet that logs only when the request is done. */
  ONE_LINE_AFTER("one_line_after"),
  /**
   * The start line and the ordinary lines up to its last call, and nothing after: the caller's last line
   * comes before that call.
   */
  LAST_LINE_BEFORE("last_line_before");

  private final String truthName;

  LineShape(String truthName) {
    this.truthName = truthName;
  }

  /** The name {@code truth/spans.jsonl} records in {@code log_shape}. */
  String truthName() {
    return truthName;
  }
}
