package io.tracelake.model.regex;

import java.io.Serializable;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression whose matching cost is bounded on any input, for every pattern a configuration or the
 * code applies to log text.
 *
 * <p>A pattern RE2/J can express runs in time linear in the text, without recursion: a text longer than
 * {@link #SHORT_TEXT} characters goes to RE2/J directly; a shorter one is tried first with {@code
 * java.util.regex} under a small step budget and goes to RE2/J only when that budget is spent (or the stack
 * overflows). Measured on the default evidence patterns, RE2/J costs about four times what java.util.regex does
 * on ordinary short messages, and those are on every line's path; the budget keeps the fast engine there and
 * the bound everywhere. The two engines agree on what such patterns match, except on rare details
 * ({@code .} and {@code $} around a lone {@code \r}).
 *
 * <p>A pattern RE2/J cannot express (backreferences, lookaround, possessive quantifiers) runs on
 * java.util.regex over a text that counts the characters the engine reads and gives up after a budget
 * proportional to the text's length: {@link BudgetExceeded}, which the caller turns into a reason.
 *
 * <p>Immutable and thread-safe; {@link #matcher} hands out a matcher for one thread.
 */
public final class BoundedRegex implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Thrown when a backtracking match spends its budget; no stack trace, the caller turns it into a reason. */
  public static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExceeded(String pattern) {
      super("the pattern '" + pattern + "' gave up on a text it would backtrack on for too long", null, false,
          false);
    }
  }

  /** Texts up to this length try java.util.regex first; longer ones, where backtracking hurts, go to RE2/J. */
  public static final int SHORT_TEXT = 1024;
  private static final long FIRST_TRY_BASE_STEPS = 100_000L;
  private static final long FIRST_TRY_STEPS_PER_CHAR = 200L;

  private final String regex;
  private final com.google.re2j.Pattern re2;
  private final java.util.regex.Pattern jdk;
  private transient volatile ThreadLocal<BoundedMatcher> perThread; // made on first use, after deserialization too

  private BoundedRegex(String regex, com.google.re2j.Pattern re2, java.util.regex.Pattern jdk) {
    this.regex = regex;
    this.re2 = re2;
    this.jdk = jdk;
  }

  /**
   * Compiles {@code regex} in {@code java.util.regex} syntax, the one the configuration documents.
   *
   * @throws PatternSyntaxException when java.util.regex does not accept it
   */
  public static BoundedRegex compile(String regex) {
    java.util.regex.Pattern jdk = java.util.regex.Pattern.compile(regex);
    com.google.re2j.Pattern re2 = null;
    try {
      re2 = com.google.re2j.Pattern.compile(regex);
      if (re2.groupCount() != jdk.matcher("").groupCount()) {
        re2 = null; // the two engines read the groups differently: trust java.util.regex's reading
      }
    } catch (com.google.re2j.PatternSyntaxException | IllegalArgumentException e) {
      re2 = null; // backreferences, lookaround and the like: java.util.regex under a step budget
    }
    return new BoundedRegex(regex, re2, jdk);
  }

  /** True when matching runs in linear time (RE2/J); false when it runs under a step budget. */
  public boolean linear() {
    return re2 != null;
  }

  public String pattern() {
    return regex;
  }

  public int groupCount() {
    return jdk.matcher("").groupCount();
  }

  /** A matcher for one thread, to {@link BoundedMatcher#reset} on each text. */
  public BoundedMatcher matcher() {
    return new Matcher(jdk, re2, regex);
  }

  /**
   * A matcher on {@code text}: the calling thread's own, reused, so it is valid until this thread's next call of
   * this method on this regex (hold on to one from {@link #matcher()} to use two at once). Matching is on every
   * line's path: a new pair of matchers per text cost about 3% of a run that reads request ids from messages.
   */
  public BoundedMatcher matcher(CharSequence text) {
    ThreadLocal<BoundedMatcher> mine = perThread;
    if (mine == null) {
      synchronized (this) {
        if (perThread == null) {
          perThread = ThreadLocal.withInitial(this::matcher);
        }
        mine = perThread;
      }
    }
    return mine.get().reset(text);
  }

  /**
   * Every match in {@code text} replaced, {@code $n} in {@code replacement} standing for group n; on a text where
   * a pattern only java.util.regex can run spends its budget, {@link BudgetExceeded}.
   */
  public String replaceAll(CharSequence text, String replacement) {
    BoundedMatcher m = matcher(text);
    if (!m.find()) {
      return text.toString();
    }
    // java.util.regex's replacement syntax, applied by hand so both engines read it the same way
    StringBuilder out = new StringBuilder(text.length() + 16);
    int last = 0;
    do {
      out.append(text, last, m.start(0));
      appendReplacement(out, m, replacement);
      last = m.end(0);
    } while (m.find());
    return out.append(text, last, text.length()).toString();
  }

  private static void appendReplacement(StringBuilder out, BoundedMatcher m, String replacement) {
    for (int i = 0; i < replacement.length(); i++) {
      char c = replacement.charAt(i);
      if (c == '\\' && i + 1 < replacement.length()) {
        out.append(replacement.charAt(++i));
      } else if (c == '$' && i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))) {
        int group = replacement.charAt(++i) - '0';
        // as java.util.regex: take more digits while they still name a group
        while (i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))
            && group * 10 + (replacement.charAt(i + 1) - '0') <= m.groupCount()) {
          group = group * 10 + (replacement.charAt(++i) - '0');
        }
        String value = m.group(group);
        if (value != null) {
          out.append(value);
        }
      } else {
        out.append(c);
      }
    }
  }

  @Override
  public String toString() {
    return regex;
  }

  /** The operations of a regex matcher that code here uses; each throws {@link BudgetExceeded} at worst. */
  public interface BoundedMatcher {
    BoundedMatcher reset(CharSequence text);

    boolean find();

    boolean lookingAt();

    boolean matches();

    String group(int group);

    String group(String name);

    int start(int group);

    int end(int group);

    int groupCount();
  }

  /**
   * java.util.regex under a step budget; with an RE2/J pattern, a small budget on short texts and RE2/J on long
   * ones and wherever the budget is spent (linear either way); without, the budget's end is {@link
   * BudgetExceeded}.
   */
  private static final class Matcher implements BoundedMatcher {
    private final java.util.regex.Matcher fast;
    private final StepBudgetText budgeted = new StepBudgetText();
    private final com.google.re2j.Pattern re2;
    private final String regex;
    private com.google.re2j.Matcher linear; // made on first use: most texts never need it
    private CharSequence text;
    private boolean onLinear;
    private int resumeAt;

    Matcher(java.util.regex.Pattern jdk, com.google.re2j.Pattern re2, String regex) {
      this.fast = jdk.matcher("");
      this.re2 = re2;
      this.regex = regex;
    }

    @Override
    public BoundedMatcher reset(CharSequence input) {
      text = input;
      resumeAt = 0;
      onLinear = false;
      if (re2 == null) {
        fast.reset(budgeted.reset(input));
      } else if (input.length() > SHORT_TEXT) {
        switchToLinear();
      } else {
        fast.reset(budgeted.reset(input, FIRST_TRY_BASE_STEPS + FIRST_TRY_STEPS_PER_CHAR * input.length()));
      }
      return this;
    }

    /** Leaves java.util.regex for RE2/J on the same text; without RE2/J, gives up. */
    private void switchToLinear() {
      if (re2 == null) {
        throw new BudgetExceeded(regex);
      }
      onLinear = true;
      if (linear == null) {
        linear = re2.matcher(text);
      } else {
        linear.reset(text);
      }
    }

    @Override
    public boolean find() {
      if (!onLinear) {
        try {
          boolean found = fast.find();
          if (found) {
            resumeAt = fast.end() > fast.start() ? fast.end() : fast.end() + 1;
          }
          return found;
        } catch (StepBudgetText.Exhausted | StackOverflowError e) {
          switchToLinear();
          // where the last match left off
          return resumeAt <= text.length() && linear.find(resumeAt);
        }
      }
      return linear.find();
    }

    @Override
    public boolean lookingAt() {
      if (!onLinear) {
        try {
          return fast.lookingAt();
        } catch (StepBudgetText.Exhausted | StackOverflowError e) {
          switchToLinear();
        }
      }
      return linear.lookingAt();
    }

    @Override
    public boolean matches() {
      if (!onLinear) {
        try {
          return fast.matches();
        } catch (StepBudgetText.Exhausted | StackOverflowError e) {
          switchToLinear();
        }
      }
      return linear.matches();
    }

    @Override
    public String group(int group) {
      return onLinear ? linear.group(group) : fast.group(group);
    }

    @Override
    public String group(String name) {
      return onLinear ? linear.group(name) : fast.group(name);
    }

    @Override
    public int start(int group) {
      return onLinear ? linear.start(group) : fast.start(group);
    }

    @Override
    public int end(int group) {
      return onLinear ? linear.end(group) : fast.end(group);
    }

    @Override
    public int groupCount() {
      return fast.groupCount();
    }
  }
}
