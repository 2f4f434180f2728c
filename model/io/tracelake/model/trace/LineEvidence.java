package io.tracelake.model.trace;

import io.tracelake.model.regex.BoundedRegex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads what a log message says about the work it belongs to: a request received, a message consumed,
 * an outgoing call, a publish, a query, internal work begun, or work completed in so many milliseconds.
 * This is the evidence logs without span markers carry; the rebuild builds and links spans from it.
 *
 * <p>Each kind has a list of regular expressions, tried in order; the named groups they must have are
 * listed with {@link Kind}. The defaults match common phrasings (and the generator's); a configuration
 * replaces the list of a kind with its own. Immutable and thread-safe.
 */
public final class LineEvidence {

  /** What a line says, with the named groups its patterns must capture. */
  public enum Kind {
    /** A request arrived: {@code method}, {@code path}. */
    SERVER_START("server_start", "method", "path"),
    /** A message is being consumed: {@code message}, {@code topic}. */
    CONSUMER_START("consumer_start", "message", "topic"),
    /** An outgoing HTTP call: {@code service}, {@code method}, {@code path}. */
    CALL("call", "service", "method", "path"),
    /** A message is being published: {@code message}, {@code topic}. */
    PUBLISH("publish", "message", "topic"),
    /** A database or cache statement: {@code statement}. */
    QUERY("query", "statement"),
    /** In-process work begins: {@code name}. */
    INTERNAL_START("internal_start", "name"),
    /** Work ended: {@code name} (what ended) and {@code ms} (how long it took). */
    END("end", "name", "ms");

    private final String key;
    private final String[] groups;

    Kind(String key, String... groups) {
      this.key = key;
      this.groups = groups;
    }

    /** The name of the kind in the configuration. */
    public String key() {
      return key;
    }

    List<String> groups() {
      return List.of(groups);
    }

    /** True for the lines that begin a unit of work. */
    public boolean starts() {
      return this != END;
    }
  }

  private static final String METHOD = "(?<method>GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)";

  /** The default patterns of each kind. */
  public static final Map<Kind, List<String>> DEFAULT_PATTERNS = Map.of(
      Kind.SERVER_START, List.of(
          "^(?:Received|Started|Handling|Incoming request:?|Processing) \"?" + METHOD + " \"?(?<path>/[^\\s\"]*)"),
      Kind.CONSUMER_START, List.of(
          "^(?:Consuming|Consumed|Received message|Processing message) (?<message>\\S+) from (?<topic>[^\\s,;]+)"),
      Kind.CALL, List.of(
          "^(?:Calling|Sending request to|Requesting) (?<service>[\\w.-]+) " + METHOD + " (?<path>/\\S*)"),
      Kind.PUBLISH, List.of(
          "^(?:Publishing|Producing|Sending|Enqueued|Enqueuing|Enqueueing|Queued) (?<message>\\S+) to (?<topic>[^\\s,;]+)"),
      Kind.QUERY, List.of("^(?:Executing|Running query:?) (?<statement>.+)"),
      Kind.INTERNAL_START, List.of("^(?:Running|Starting|Begin) (?<name>.+)"),
      Kind.END, List.of(
          "^(?<name>.+?) (?:failed: .*\\()?(?:completed|finished|done|took) (?:in )?(?<ms>\\d+(?:\\.\\d+)?) ?ms\\)?$"));

  private static final LineEvidence DEFAULT = new LineEvidence(Map.of());

  // linear-time where RE2/J can run the pattern, else under a step budget: a 1 MB message under the default end
  // pattern (a lazy name before the duration) cost java.util.regex minutes, RE2/J milliseconds
  private final BoundedRegex[][] patterns = new BoundedRegex[Kind.values().length][];
  /**
   * Per pattern, whether it is anchored at the start ({@code ^} outside MULTILINE): matched with lookingAt, so a
   * line that does not begin the right way costs one attempt instead of one per character of a long message.
   */
  private final boolean[][] anchored = new boolean[Kind.values().length][];
  /**
   * Per pattern, the texts one of which a line must begin with to match it (null: any line may): most lines begin
   * with none of them, and a check of their first characters is far cheaper than a regex engine's match attempt.
   */
  private final Starts[][] leading = new Starts[Kind.values().length][];
  /**
   * Per pattern, the texts one of which a line must end with to match it (null: any line may): the end pattern's
   * {@code ms$} rules out most lines before its lazy name is tried at every character.
   */
  private final String[][][] trailing = new String[Kind.values().length][][];

  /**
   * @param overrides per kind, patterns that replace the defaults of that kind (an empty list turns it off)
   * @throws IllegalArgumentException when a pattern does not compile or lacks a group its kind needs
   */
  public LineEvidence(Map<Kind, List<String>> overrides) {
    for (Kind kind : Kind.values()) {
      List<String> regexes = overrides.getOrDefault(kind, DEFAULT_PATTERNS.get(kind));
      List<Pattern> compiled = new ArrayList<>(regexes.size());
      for (String regex : regexes) {
        compiled.add(compile(kind, regex));
      }
      patterns[kind.ordinal()] = new BoundedRegex[compiled.size()];
      anchored[kind.ordinal()] = new boolean[compiled.size()];
      leading[kind.ordinal()] = new Starts[compiled.size()];
      trailing[kind.ordinal()] = new String[compiled.size()][];
      for (int i = 0; i < compiled.size(); i++) {
        patterns[kind.ordinal()][i] = BoundedRegex.compile(regexes.get(i));
        anchored[kind.ordinal()][i] = isAnchored(compiled.get(i));
        leading[kind.ordinal()][i] = anchored[kind.ordinal()][i] ? Starts.of(leadingLiterals(regexes.get(i))) : null;
        trailing[kind.ordinal()][i] = trailingLiterals(compiled.get(i));
      }
    }
  }

  public static LineEvidence defaults() {
    return DEFAULT;
  }

  private static Pattern compile(Kind kind, String regex) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "evidence pattern for " + kind.key() + " '" + regex + "' does not compile: " + e.getDescription());
    }
    for (String group : kind.groups()) {
      if (!regex.contains("(?<" + group + ">")) {
        throw new IllegalArgumentException("evidence pattern for " + kind.key() + " '" + regex
            + "' needs a named group (?<" + group + ">...)");
      }
    }
    return pattern;
  }

  /**
   * What {@code message} says, or null when it is an ordinary line, or when a pattern that RE2/J cannot run
   * spent its step budget on it (such a message is read as saying nothing).
   */
  public Line read(String message) {
    return read(message, Reading.WHOLE);
  }

  /**
   * What the first line of a unit of work says when it begins one: {@link #read}'s reading when that is of a kind
   * that {@link Kind#starts() starts} work, else null. The end patterns (the dearest) are tried only on a line that
   * a start pattern matched, as their match would make {@link #read} say END.
   */
  public Line readStart(String message) {
    return read(message, Reading.FIRST_LINE);
  }

  /**
   * What the last line of a unit of work says when it ends one: {@link #read}'s reading when that is an END, else
   * null (only the end patterns are tried: {@link #read} tries them first).
   */
  public Line readEnd(String message) {
    return read(message, Reading.LAST_LINE);
  }

  /**
   * What {@code message} says about talking to another service: a call, a publish or a consume; null for
   * anything else. The same reading as {@link #read} for those kinds, with only their patterns tried.
   */
  public Line readExchange(String message) {
    return read(message, Reading.EXCHANGE);
  }

  /** What a reading keeps of a line, and so which patterns it tries. */
  private enum Reading { WHOLE, FIRST_LINE, LAST_LINE, EXCHANGE, CALL_OR_PUBLISH }

  private Line read(String message, Reading reading) {
    if (message == null || message.isEmpty()) {
      return null;
    }
    try {
      return switch (reading) {
        case WHOLE -> evidence(message);
        case FIRST_LINE -> start(message);
        case LAST_LINE -> end(message);
        case EXCHANGE -> exchange(message);
        case CALL_OR_PUBLISH -> callOrPublish(message);
      };
    } catch (BoundedRegex.BudgetExceeded e) {
      return null;
    }
  }

  private Line start(String message) {
    for (Kind kind : STARTS) {
      BoundedRegex.BoundedMatcher m = first(kind, message);
      if (m != null) {
        Line line = line(kind, m);
        return first(Kind.END, message) != null ? null : line;
      }
    }
    return null;
  }

  private Line end(String message) {
    BoundedRegex.BoundedMatcher end = first(Kind.END, message);
    return end == null ? null : endLine(end);
  }

  private Line exchange(String message) {
    for (Kind kind : EXCHANGES) {
      BoundedRegex.BoundedMatcher m = first(kind, message);
      if (m != null) {
        return line(kind, m);
      }
    }
    return null;
  }

  private static final Kind[] EXCHANGES = {Kind.CONSUMER_START, Kind.CALL, Kind.PUBLISH};
  /** The kinds that start work, in the order a whole reading tries them after the end patterns. */
  private static final Kind[] STARTS = Arrays.stream(Kind.values()).filter(Kind::starts)
      .toArray(Kind[]::new);

  /**
   * What {@link #read} says of {@code message} when it says CALL or PUBLISH, else null. Most lines are neither:
   * their call and publish patterns are tried first (usually only their literal starts), and the whole reading,
   * where an earlier kind may still win, is done only for a line one of them matches.
   */
  public Line readCallOrPublish(String message) {
    return read(message, Reading.CALL_OR_PUBLISH);
  }

  /** A budget spent on a call or publish pattern reads as nothing: the whole reading gives up there too. */
  private Line callOrPublish(String message) {
    if (first(Kind.CALL, message) == null && first(Kind.PUBLISH, message) == null) {
      return null;
    }
    Line line = evidence(message);
    return line != null && (line.kind() == Kind.CALL || line.kind() == Kind.PUBLISH) ? line : null;
  }

  private Line evidence(String message) {
    BoundedRegex.BoundedMatcher end = first(Kind.END, message);
    if (end != null) {
      return endLine(end);
    }
    for (Kind kind : STARTS) {
      BoundedRegex.BoundedMatcher m = first(kind, message);
      if (m != null) {
        return line(kind, m);
      }
    }
    return null;
  }

  private static Line endLine(BoundedRegex.BoundedMatcher end) {
    long micros = Math.round(Double.parseDouble(end.group("ms")) * 1000);
    return new Line(Kind.END, null, null, null, null, null, end.group("name"), micros);
  }

  private static Line line(Kind kind, BoundedRegex.BoundedMatcher m) {
    switch (kind) {
      case SERVER_START:
        return new Line(kind, null, m.group("method"), stripQuery(m.group("path")), null, null, null, -1);
      case CALL:
        return new Line(kind, m.group("service"), m.group("method"), stripQuery(m.group("path")), null, null,
            null, -1);
      case CONSUMER_START:
      case PUBLISH:
        return new Line(kind, null, null, null, m.group("topic"), m.group("message"), null, -1);
      case QUERY:
        return new Line(kind, null, null, null, null, null, m.group("statement"), -1);
      default:
        return new Line(kind, null, null, null, null, null, m.group("name"), -1);
    }
  }

  private BoundedRegex.BoundedMatcher first(Kind kind, String message) {
    BoundedRegex[] ofKind = patterns[kind.ordinal()];
    for (int i = 0; i < ofKind.length; i++) {
      Starts starts = leading[kind.ordinal()][i];
      if (starts != null && !starts.begin(message)) {
        continue;
      }
      String[] ends = trailing[kind.ordinal()][i];
      if (ends != null && !endsWithAny(message, ends)) {
        continue;
      }
      BoundedRegex.BoundedMatcher m = ofKind[i].matcher(message);
      if (anchored[kind.ordinal()][i] ? m.lookingAt() : m.find()) {
        return m;
      }
    }
    return null;
  }

  /**
   * The texts one of which a line must begin with, and the set of their first characters: a line whose first
   * character is in no text (most lines, for most patterns) is ruled out by one bit test instead of a comparison
   * per text.
   */
  private static final class Starts {
    private final String[] texts;
    /** The texts' first characters below 128, as bits of two words. */
    private final long firstBelow64;
    private final long first64To127;
    /** Whether a text begins with a character from 128 up, which the bits do not hold: such a line is compared. */
    private final boolean firstBeyondAscii;

    private Starts(String[] texts) {
      this.texts = texts;
      long below64 = 0;
      long from64 = 0;
      boolean beyond = false;
      for (String text : texts) {
        char c = text.charAt(0);
        if (c < 64) {
          below64 |= 1L << c;
        } else if (c < 128) {
          from64 |= 1L << (c - 64);
        } else {
          beyond = true;
        }
      }
      this.firstBelow64 = below64;
      this.first64To127 = from64;
      this.firstBeyondAscii = beyond;
    }

    /** Null for no texts (any line may match). */
    static Starts of(String[] texts) {
      return texts == null ? null : new Starts(texts);
    }

    /** Whether a non-empty line begins with one of the texts. */
    boolean begin(String line) {
      char c = line.charAt(0);
      boolean possible = c < 64 ? (firstBelow64 & (1L << c)) != 0
          : c < 128 ? (first64To127 & (1L << (c - 64))) != 0 : firstBeyondAscii;
      if (!possible) {
        return false;
      }
      for (String text : texts) {
        if (line.startsWith(text)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * For a pattern anchored at the start, the texts one of which every line it matches begins with: the literal
   * start of {@code ^Literal…}, or of each alternative of {@code ^(?:A|B|C)…}, up to its first character with a
   * meaning of its own (a character before a {@code ?}, {@code *} or <code>{</code> is optional and left out). Null
   * when the pattern starts any other way (a class, a named group, an inline flag, an escape, an optional group):
   * then no line is ruled out beforehand.
   */
  static String[] leadingLiterals(String regex) {
    if (!regex.startsWith("^")) {
      return null;
    }
    if (!regex.startsWith("^(?:")) {
      String start = literalStart(regex, 1, regex.length());
      return start.isEmpty() ? null : new String[] {start};
    }
    int close = -1;
    for (int i = 4; i < regex.length() && close < 0; i++) {
      char c = regex.charAt(i);
      if (c == '(' || c == '[' || c == '\\') {
        return null; // nested groups, classes and escapes: not read here
      }
      if (c == ')') {
        close = i;
      }
    }
    if (close < 0 || (close + 1 < regex.length() && "?*{".indexOf(regex.charAt(close + 1)) >= 0)) {
      return null;
    }
    String[] alternatives = regex.substring(4, close).split("\\|", -1);
    for (int i = 0; i < alternatives.length; i++) {
      alternatives[i] = literalStart(alternatives[i], 0, alternatives[i].length());
      if (alternatives[i].isEmpty()) {
        return null;
      }
    }
    return alternatives;
  }

  /** The literal text {@code regex} begins with at {@code from}, before {@code to}. */
  private static String literalStart(String regex, int from, int to) {
    StringBuilder literal = new StringBuilder();
    for (int i = from; i < to; i++) {
      char c = regex.charAt(i);
      if ("?*{".indexOf(c) >= 0) {
        if (literal.length() > 0) {
          literal.setLength(literal.length() - 1); // the character before is optional
        }
        break;
      }
      if (".[]()\\|+^$}".indexOf(c) >= 0) {
        break;
      }
      literal.append(c);
    }
    return literal.toString();
  }

  /** Endings an end-anchored pattern's tail yields at most: more would cost more than the regex they spare. */
  private static final int MAX_ENDINGS = 8;

  /**
   * For a pattern anchored at the end ({@code $} last, no alternative outside parentheses, no flag that changes
   * what {@code $} or a letter matches), the texts one of which every line it matches ends with: its literal tail,
   * read backwards up to its first character with a meaning of its own; a character made optional by {@code ?}
   * gives the tails with and without it. {@code ms\)?$} gives {@code ms)} and {@code ms}. Null when the pattern
   * ends any other way: then no line is ruled out beforehand.
   */
  static String[] trailingLiterals(Pattern pattern) {
    String regex = pattern.pattern();
    int dollar = regex.length() - 1;
    if (dollar < 1 || regex.charAt(dollar) != '$' || escaped(regex, dollar)
        || (pattern.flags() & (Pattern.MULTILINE | Pattern.LITERAL | Pattern.COMMENTS | Pattern.CASE_INSENSITIVE
            | Pattern.UNICODE_CASE | Pattern.CANON_EQ)) != 0
        || regex.matches("(?s).*\\(\\?[a-zA-Z-]*[mxiuc].*") || regex.contains("\\Q")
        || hasTopLevelAlternative(regex)) {
      return null;
    }
    // the tails read so far, one per choice of the optional characters met; all stop at the first non-literal
    List<StringBuilder> tails = new ArrayList<>(List.of(new StringBuilder()));
    int at = dollar - 1;
    while (at >= 0) {
      boolean optional = regex.charAt(at) == '?' && !escaped(regex, at);
      int literalAt = optional ? at - 1 : at;
      char literal = literalAt >= 0 ? literalAt(regex, literalAt) : 0;
      if (literal == 0 && literalAt >= 0 && escaped(regex, literalAt)) {
        return null; // an escaped letter or digit may begin what was read as literal: \x41, \u0041, \0101, \cA
      }
      if (literal == 0 || tails.size() * (optional ? 2 : 1) > MAX_ENDINGS) {
        break;
      }
      if (optional) {
        List<StringBuilder> without = new ArrayList<>();
        for (StringBuilder tail : tails) {
          without.add(new StringBuilder(tail));
          tail.insert(0, literal);
        }
        tails.addAll(without);
      } else {
        tails.forEach(tail -> tail.insert(0, literal));
      }
      at = literalAt - (escaped(regex, literalAt) ? 2 : 1);
    }
    // a tail that ends another says less; an empty one rules nothing out
    List<String> endings = tails.stream().map(StringBuilder::toString).distinct().toList();
    if (endings.contains("")) {
      return null;
    }
    return endings.stream()
        .filter(e -> endings.stream().noneMatch(other -> !other.equals(e) && e.endsWith(other)))
        .toArray(String[]::new);
  }

  /**
   * The literal character the regex has at {@code i} (an escaped punctuation character is itself), or 0 when the
   * character there means something else: a class, a group, a quantifier, an escaped letter or digit.
   */
  private static char literalAt(String regex, int i) {
    char c = regex.charAt(i);
    if (escaped(regex, i)) {
      return Character.isLetterOrDigit(c) ? 0 : c;
    }
    if (".[]()\\|+*?{}^$".indexOf(c) >= 0) {
      return 0;
    }
    return c;
  }

  /** Whether the character at {@code i} is a literal one made by the backslash before it. */
  private static boolean escaped(String regex, int i) {
    int backslashes = 0;
    for (int j = i - 1; j >= 0 && regex.charAt(j) == '\\'; j--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** Whether {@code regex} has a {@code |} outside every group and class: an alternative to all the rest. */
  private static boolean hasTopLevelAlternative(String regex) {
    int depth = 0;
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 < regex.length() && regex.charAt(i + 1) == 'Q') {
          int quoteEnd = regex.indexOf("\\E", i + 2);
          i = quoteEnd < 0 ? regex.length() : quoteEnd + 1;
        } else {
          i++;
        }
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code text} ends with one of {@code endings}, or does so before a last line terminator, where
   * {@code $} matches too.
   */
  private static boolean endsWithAny(String text, String[] endings) {
    int end = text.length();
    if (end > 0 && isLineTerminator(text.charAt(end - 1))) {
      end -= end > 1 && text.charAt(end - 1) == '\n' && text.charAt(end - 2) == '\r' ? 2 : 1;
    }
    for (String ending : endings) {
      if (text.startsWith(ending, end - ending.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  /**
   * True when the pattern can only match at the start of the input: it begins with {@code ^}, has no
   * alternative outside parentheses ({@code ^a|b} matches b anywhere), and no flag lets {@code ^} match after a
   * line break. Anything unusual counts as not anchored: find() is always right, only slower.
   */
  static boolean isAnchored(Pattern pattern) {
    String regex = pattern.pattern();
    if (!regex.startsWith("^") || (pattern.flags() & (Pattern.MULTILINE | Pattern.LITERAL | Pattern.COMMENTS)) != 0
        || regex.matches("(?s).*\\(\\?[a-zA-Z-]*[mx].*")) {
      return false;
    }
    return !hasTopLevelAlternative(regex);
  }

  /** The path without its query string: callers log it with one, access logs and servers often without. */
  public static String stripQuery(String path) {
    if (path == null) {
      return null;
    }
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /**
   * One line's evidence; fields its kind does not have are null, {@code durationUs} is -1 unless it is an
   * end line.
   */
  public record Line(Kind kind, String service, String method, String path, String topic, String message,
      String name, long durationUs) {}
}
