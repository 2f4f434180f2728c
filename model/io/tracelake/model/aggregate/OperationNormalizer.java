package io.tracelake.model.aggregate;

import java.io.Serializable;
import java.util.ArrayList;
import io.tracelake.model.regex.BoundedRegex;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns operation names that carry ids into templates ({@code GET /orders/8412?x=1} → {@code GET /orders/{id}}), so
 * that per-operation aggregates have one row per endpoint, not one per order.
 *
 * <p>The user's rules (regex → replacement, in order) run first, then the defaults. The defaults work on whole
 * tokens only, delimited by whitespace and {@code / = , : ; ( ) [ ] & ' "}: an all-digit token becomes {@code {id}},
 * a UUID {@code {uuid}}, 16 or more hex digits {@code {hex}}, an e-mail address {@code {email}}; and the query string
 * of a path or URL is dropped. Tokens inside words ({@code v2}, {@code HTTP/1.1}, {@code order-7}) are left alone,
 * since we cannot tell an id from a version there. Free text such as SQL literals is not parsed.
 *
 * <p>Idempotent: a placeholder matches none of the defaults, so normalising twice changes nothing, provided the
 * user's rules are idempotent themselves and do not match the placeholders. Immutable and thread-safe; Serializable
 * (as its rules, recompiled on read) so a Spark closure can carry it.
 *
 * <p>It remembers the templates of the last names it was given: a day has millions of spans but a few hundred
 * distinct names, and a span's name costs one map lookup instead of the rules and a pass over its characters.
 */
public final class OperationNormalizer implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A user rule: every match of {@code regex} is replaced with {@code replacement} ({@code $1} refers to groups). */
  public record Rule(String regex, String replacement) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static final Pattern GROUP_REFERENCE = Pattern.compile("\\$(\\d+)");

  /**
   * Names remembered at most: enough for every endpoint of a large system; names that carry ids the defaults do
   * not see (a user rule's job) would grow it without end, so it starts over when full.
   */
  static final int REMEMBERED_NAMES = 16_384;
  /** Longer names (a whole SQL statement) are not remembered: the memory stays a few megabytes. */
  static final int REMEMBERED_LENGTH = 200;

  private final List<Rule> rules;
  private transient BoundedRegex[] patterns;
  private transient Map<String, String> templates = new ConcurrentHashMap<>();

  /** Compiles {@code rules} now, so that a bad one fails at start-up with a one-line message naming it. */
  public OperationNormalizer(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    this.patterns = compile(this.rules);
  }

  /** The defaults alone. */
  public static OperationNormalizer defaults() {
    return new OperationNormalizer(List.of());
  }

  /** The template of {@code operation}; null stays null. */
  public String normalize(String operation) {
    if (operation == null) {
      return null;
    }
    String template = templates.get(operation);
    if (template == null) {
      template = templateOf(operation);
      if (operation.length() <= REMEMBERED_LENGTH) {
        if (templates.size() >= REMEMBERED_NAMES) {
          templates.clear();
        }
        templates.put(operation, template);
      }
    }
    return template;
  }

  private String templateOf(String operation) {
    String result = operation;
    for (int i = 0; i < patterns.length; i++) {
      try {
        result = patterns[i].replaceAll(result, rules.get(i).replacement());
      } catch (BoundedRegex.BudgetExceeded e) {
        // a rule that only java.util.regex can run backtracked too long on this name: it leaves the name alone
      }
    }
    return applyDefaults(result);
  }

  private static BoundedRegex[] compile(List<Rule> rules) {
    BoundedRegex[] patterns = new BoundedRegex[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      String where = "Operation rule " + (i + 1) + " ('" + rule.regex() + "' -> '" + rule.replacement() + "')";
      if (rule.regex() == null || rule.replacement() == null) {
        throw new IllegalArgumentException(where + ": regex and replacement are both required");
      }
      try {
        patterns[i] = BoundedRegex.compile(rule.regex());
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(where + ": invalid regex: " + e.getDescription() + " near index "
            + e.getIndex() + "; fix or quote it");
      }
      // a reference to a missing group would only fail on the first name it matches, in the middle of a job
      int groups = patterns[i].groupCount();
      Matcher reference = GROUP_REFERENCE.matcher(rule.replacement());
      while (reference.find()) {
        if (Integer.parseInt(reference.group(1)) > groups) {
          throw new IllegalArgumentException(where + ": replacement refers to group " + reference.group(1)
              + " but the regex has " + groups + "; escape a literal $ as \\$");
        }
      }
    }
    return patterns;
  }

  // One pass over the characters: cheaper than a regex per default, and it sees whole tokens only.
  private static String applyDefaults(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int wordStart = 0; // where the current whitespace-delimited word starts in text
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        out.append(c);
        wordStart = ++i;
      } else if (c == '?' && isPathOrUrl(text, wordStart, i)) {
        while (i < n && !Character.isWhitespace(text.charAt(i))) {
          i++; // the query string: its values are ids, its keys rarely name the endpoint
        }
      } else if (isDelimiter(c) || c == '?') { // a '?' outside a path: an SQL placeholder, a question
        out.append(c);
        i++;
      } else {
        int end = i;
        while (end < n && !isTokenEnd(text.charAt(end))) {
          end++;
        }
        out.append(template(text, i, end));
        i = end;
      }
    }
    return out.toString();
  }

  private static boolean isPathOrUrl(String text, int wordStart, int at) {
    return text.charAt(wordStart) == '/' || text.substring(wordStart, at).contains("://");
  }

  private static boolean isDelimiter(char c) {
    return switch (c) {
      case '/', '=', ',', ':', ';', '(', ')', '[', ']', '&', '\'', '"' -> true;
      default -> false;
    };
  }

  private static boolean isTokenEnd(char c) {
    return isDelimiter(c) || c == '?' || Character.isWhitespace(c);
  }

  private static CharSequence template(String text, int start, int end) {
    int length = end - start;
    int digits = 0;
    int hex = 0;
    int at = -1;
    int ats = 0;
    int lastDot = -1;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
        hex++;
      } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
        hex++;
      } else if (c == '@') {
        at = i;
        ats++;
      } else if (c == '.') {
        lastDot = i;
      }
    }
    if (digits == length) {
      return "{id}";
    }
    if (length == 36 && hex == 32 && isUuid(text, start)) {
      return "{uuid}";
    }
    if (hex == length && length >= 16) {
      return "{hex}";
    }
    if (ats == 1 && at > start && lastDot > at + 1 && lastDot < end - 1) { // name@domain.tld
      return "{email}";
    }
    return text.subSequence(start, end);
  }

  private static boolean isUuid(String text, int start) {
    return text.charAt(start + 8) == '-' && text.charAt(start + 13) == '-' && text.charAt(start + 18) == '-'
        && text.charAt(start + 23) == '-';
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    patterns = compile(rules);
    templates = new ConcurrentHashMap<>();
  }
}
