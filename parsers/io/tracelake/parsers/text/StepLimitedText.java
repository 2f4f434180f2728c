package io.tracelake.parsers.text;

/**
 * A line's text that a regex may read only so many characters of: a regex that backtracks
 * catastrophically on some line gives up on that line instead of stalling the file.
 */
final class StepLimitedText implements CharSequence {
  /** Thrown when the budget is spent; no stack trace, it is caught right away. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exhausted() {
      super("regex step budget spent", null, false, false);
    }
  }

  private static final long BASE_STEPS = 1_000_000L;
  private static final long STEPS_PER_CHAR = 2_000L;
  private static final long MAX_STEPS = 50_000_000L;

  private String text;
  private long remaining;

  /** Starts on a new line with a budget proportional to its length. */
  StepLimitedText reset(String line) {
    this.text = line;
    this.remaining = Math.min(MAX_STEPS, BASE_STEPS + STEPS_PER_CHAR * line.length());
    return this;
  }

  @Override
  public char charAt(int index) {
    if (--remaining < 0) {
      throw new Exhausted();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.substring(start, end);
  }

  @Override
  public String toString() {
    return text;
  }
}
