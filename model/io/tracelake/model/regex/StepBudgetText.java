package io.tracelake.model.regex;

/**
 * A text that a backtracking regex may read only so many characters of: a pattern that backtracks
 * catastrophically on some line gives up on that line instead of stalling the run. The budget is
 * proportional to the text's length, so ordinary matching of long lines is never cut short.
 */
public final class StepBudgetText implements CharSequence {
  /** Thrown when the budget is spent; no stack trace, it is caught right away. */
  public static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exhausted() {
      super("regex step budget spent", null, false, false);
    }
  }

  private static final long BASE_STEPS = 1_000_000L;
  private static final long STEPS_PER_CHAR = 2_000L;
  private static final long MAX_STEPS = 50_000_000L;

  private CharSequence text;
  private long remaining;

  /** Starts on a new text with a budget proportional to its length. */
  public StepBudgetText reset(CharSequence input) {
    return reset(input, Math.min(MAX_STEPS, BASE_STEPS + STEPS_PER_CHAR * input.length()));
  }

  /** Starts on a new text with a budget of {@code steps} characters read. */
  public StepBudgetText reset(CharSequence input, long steps) {
    this.text = input;
    this.remaining = steps;
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
    return text.subSequence(start, end).toString();
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
