package io.tracelake.parsers.redaction;

import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.model.RejectedLine;
import io.tracelake.model.regex.BoundedRegex;
import io.tracelake.model.regex.BoundedRegex.BoundedMatcher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces secrets and personal data in a parsed entry before anything of it is written: an event's message,
 * exception message, http path and attribute values, a reject's raw line and detail. Counts what it replaced by
 * rule. One per thread (it holds a {@link Mac} and scratch space).
 *
 * <p>Every text is scanned once for the characters a secret starts with or sits next to ({@code @}, {@code ://},
 * a secret-named key before {@code =} or {@code :}, a run of 13 or more digits, {@code eyJ}, {@code AKIA},
 * {@code Bearer}, the token prefixes); only the rules that scan found a trigger for run their patterns, so a line
 * with nothing to redact costs that one pass. The patterns run as {@link BoundedRegex} (linear time). Matches are
 * collected on the original text, overlaps go to the rule declared first in {@link RedactionRule}, and the text is
 * rebuilt once, so a replacement is never matched again.
 */
public final class Redactor {

  /** Told of every replacement, for {@code parse-test}: which field, which rule, what replaced the value. */
  public interface Listener {
    void redacted(String field, RedactionRule rule, String replacement);
  }

  private static final RedactionRule[] RULES = RedactionRule.values();
  private static final int KEY_CACHE_LIMIT = 4096;

  private static final BoundedRegex AUTH_HEADER = BoundedRegex.compile(
      "(?i)\\b(?:authorization|cookie)[\"']?\\s*[:=]\\s*[\"']?([^\"'\\r\\n]+)");
  private static final BoundedRegex URL_CREDENTIALS = BoundedRegex.compile(
      "\\b[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]+:([^/\\s@]+)@");
  private static final BoundedRegex AWS_SECRET_KEY = BoundedRegex.compile(
      "(?i)secret_?access_?key[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+=]{40})");
  private static final String SECRET_KEYS =
      "[A-Za-z0-9_.-]*(?:password|passwd|pwd|token|secret|api[_-]?key|apikey|credentials?|private[_-]?key)";
  private static final BoundedRegex QUERY_SECRET = BoundedRegex.compile(
      "(?i)" + SECRET_KEYS + "\\s*=\\s*(?:\"([^\"]+)\"|'([^']+)'|([^\\s&;,'\"}\\])]+))");
  private static final BoundedRegex SECRET_FIELD = BoundedRegex.compile(
      "(?i)" + SECRET_KEYS + "[\"']?\\s*:\\s*(?:\"([^\"]+)\"|'([^']+)'|([^\\s,;'\"}\\]]+))");
  private static final BoundedRegex JWT = BoundedRegex.compile(
      "\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  private static final BoundedRegex BEARER_TOKEN = BoundedRegex.compile(
      "(?i)\\bbearer\\s+([A-Za-z0-9._~+/=-]{16,})");
  private static final BoundedRegex AWS_ACCESS_KEY = BoundedRegex.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b");
  private static final BoundedRegex GITHUB_TOKEN = BoundedRegex.compile(
      "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b");
  private static final BoundedRegex SLACK_TOKEN = BoundedRegex.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}");
  private static final BoundedRegex STRIPE_KEY = BoundedRegex.compile(
      "\\b(?:sk_live|rk_live|sk_test)_[A-Za-z0-9]{10,}");
  private static final BoundedRegex EMAIL = BoundedRegex.compile(
      "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b");
  private static final BoundedRegex DEFAULT_BLOCKED_KEYS = BoundedRegex.compile(
      RedactionSettings.DEFAULT_BLOCKED_KEYS);

  private enum KeyVerdict { SCAN, IGNORED, BLOCKED, NOT_ALLOWED }

  private final RedactionSettings settings;
  private final boolean[] on = new boolean[RULES.length];
  private final Mac mac;
  private final long[] counts = new long[RULES.length];
  private long entriesChanged;
  private final Map<String, KeyState> keyStates = new HashMap<>();
  private Listener listener;
  private boolean entryChanged;
  // the matches of one text: [start, end) and rule, in the order found
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private RedactionRule[] found = new RedactionRule[8];
  private int matches;

  public Redactor(RedactionSettings settings) {
    this.settings = settings;
    for (RedactionRule rule : settings.rules()) {
      on[rule.ordinal()] = settings.enabled();
    }
    on[RedactionRule.BLOCKED_VALUE.ordinal()] = settings.enabled() && !settings.blockedValues().isEmpty();
    on[RedactionRule.NOT_ALLOWED_KEY.ordinal()] = settings.enabled() && !settings.allowedKeys().isEmpty();
    byte[] key = settings.hashKey();
    if (settings.enabled() && key != null) {
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
      }
    } else {
      mac = null;
    }
  }

  public Redactor listener(Listener value) {
    listener = value;
    return this;
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /** The entry with its secrets replaced: the same instance when there was nothing to replace. */
  public ParsedLine redact(ParsedLine entry) {
    if (!settings.enabled()) {
      return entry;
    }
    entryChanged = false;
    ParsedLine out;
    if (entry.isEvent()) {
      LogEvent event = redact(entry.event());
      out = event == entry.event() ? entry : ParsedLine.event(entry.lineNumber(), entry.lineCount(), event);
    } else {
      RejectedLine reject = redact(entry.reject());
      out = reject == entry.reject() ? entry : ParsedLine.reject(entry.lineNumber(), entry.lineCount(), reject);
    }
    if (entryChanged) {
      entriesChanged++;
    }
    return out;
  }

  private LogEvent redact(LogEvent e) {
    String message = text("message", e.message());
    String exceptionMessage = text("exception_message", e.exceptionMessage());
    String httpPath = text("http_path", e.httpPath());
    Map<String, String> attributes = attributes(e.attributes());
    if (message == e.message() && exceptionMessage == e.exceptionMessage() && httpPath == e.httpPath()
        && attributes == e.attributes()) {
      return e;
    }
    return e.toBuilder().message(message).exceptionMessage(exceptionMessage).httpPath(httpPath)
        .attributes(attributes).build();
  }

  private RejectedLine redact(RejectedLine r) {
    String raw = text("raw", r.raw());
    String detail = text("detail", r.detail());
    return raw == r.raw() && detail == r.detail() ? r : new RejectedLine(r.reason(), detail, raw, r.rawBytes());
  }

  private Map<String, String> attributes(Map<String, String> attributes) {
    if (attributes.isEmpty()) {
      return attributes;
    }
    Map<String, String> out = null;
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      String value = attribute.getValue();
      if (value == null || value.isEmpty()) {
        continue;
      }
      String key = attribute.getKey();
      KeyState state = state(key);
      String redacted = switch (state.verdict) {
        case IGNORED -> value;
        case BLOCKED -> whole(state.field, RedactionRule.BLOCKED_KEY, value);
        case NOT_ALLOWED -> whole(state.field, RedactionRule.NOT_ALLOWED_KEY, value);
        case SCAN -> scan(state, value);
      };
      if (redacted != value) {
        if (out == null) {
          out = attributes instanceof TreeMap ? new TreeMap<>(attributes) : new LinkedHashMap<>(attributes);
        }
        out.put(key, redacted);
      }
    }
    return out == null ? attributes : out;
  }

  /**
   * An attribute's value with its secrets replaced. The value last found clean under the same key is not scanned
   * again when it comes back as the same String: parsers hand out one String for a value that repeats line after
   * line (a host, an application, a span's kind), and the scan's result depends on nothing but the text.
   */
  private String scan(KeyState state, String value) {
    if (value == state.lastClean) {
      return value;
    }
    String redacted = text(state.field, value);
    if (redacted == value) {
      state.lastClean = value;
    }
    return redacted;
  }

  /** What is known of an attribute key: its verdict, its name in a redaction's report, its last clean value. */
  private static final class KeyState {
    final KeyVerdict verdict;
    /** The field's name as {@link Listener#redacted} gets it, made once per key rather than once per line. */
    final String field;
    String lastClean;

    KeyState(KeyVerdict verdict, String key) {
      this.verdict = verdict;
      this.field = "attributes." + key;
    }
  }

  private KeyState state(String key) {
    KeyState state = keyStates.get(key);
    if (state == null) {
      KeyVerdict verdict;
      if (settings.ignoredKeys().contains(key)) {
        verdict = KeyVerdict.IGNORED;
      } else if (on[RedactionRule.NOT_ALLOWED_KEY.ordinal()] && !settings.allowedKeys().contains(key)) {
        verdict = KeyVerdict.NOT_ALLOWED;
      } else if (blockedKey(key)) {
        verdict = KeyVerdict.BLOCKED;
      } else {
        verdict = KeyVerdict.SCAN;
      }
      state = new KeyState(verdict, key);
      if (keyStates.size() < KEY_CACHE_LIMIT) {
        keyStates.put(key, state);
      }
    }
    return state;
  }

  private boolean blockedKey(String key) {
    if (on[RedactionRule.BLOCKED_KEY.ordinal()] && DEFAULT_BLOCKED_KEYS.matcher(key).find()) {
      return true;
    }
    for (BoundedRegex pattern : settings.blockedKeyPatterns()) {
      if (pattern.matcher(key).find()) {
        return true;
      }
    }
    return false;
  }

  private String whole(String field, RedactionRule rule, String value) {
    String replacement = replacement(rule, value);
    counted(field, rule, replacement);
    return replacement;
  }

  /** {@code text} with every secret the rules find replaced; the same instance when none is found. */
  public String text(String field, String text) {
    if (text == null || text.isEmpty() || !settings.enabled()) {
      return text;
    }
    int triggers = Triggers.scan(text);
    if (triggers == 0 && !on[RedactionRule.BLOCKED_VALUE.ordinal()]) {
      return text;
    }
    matches = 0;
    if (triggers != 0) {
      find(text, triggers, RedactionRule.AUTH_HEADER, AUTH_HEADER);
      find(text, triggers, RedactionRule.URL_CREDENTIALS, URL_CREDENTIALS);
      find(text, triggers, RedactionRule.AWS_SECRET_KEY, AWS_SECRET_KEY);
      find(text, triggers, RedactionRule.QUERY_SECRET, QUERY_SECRET);
      find(text, triggers, RedactionRule.SECRET_FIELD, SECRET_FIELD);
      find(text, triggers, RedactionRule.JWT, JWT);
      find(text, triggers, RedactionRule.BEARER_TOKEN, BEARER_TOKEN);
      find(text, triggers, RedactionRule.AWS_ACCESS_KEY, AWS_ACCESS_KEY);
      find(text, triggers, RedactionRule.GITHUB_TOKEN, GITHUB_TOKEN);
      find(text, triggers, RedactionRule.SLACK_TOKEN, SLACK_TOKEN);
      find(text, triggers, RedactionRule.STRIPE_KEY, STRIPE_KEY);
      if (on[RedactionRule.CARD_NUMBER.ordinal()] && (triggers & Triggers.bit(RedactionRule.CARD_NUMBER)) != 0) {
        findCards(text);
      }
      find(text, triggers, RedactionRule.EMAIL, EMAIL);
    }
    if (on[RedactionRule.BLOCKED_VALUE.ordinal()]) {
      for (BoundedRegex pattern : settings.blockedValues()) {
        find(text, pattern, RedactionRule.BLOCKED_VALUE);
      }
    }
    return matches == 0 ? text : rebuild(field, text);
  }

  private void find(String text, int triggers, RedactionRule rule, BoundedRegex pattern) {
    if (on[rule.ordinal()] && (triggers & Triggers.bit(rule)) != 0) {
      find(text, pattern, rule);
    }
  }

  /** Adds the matches of {@code pattern}: its first group that took part, or the whole match without groups. */
  private void find(String text, BoundedRegex pattern, RedactionRule rule) {
    BoundedMatcher m = pattern.matcher(text);
    int groups = m.groupCount();
    try {
      while (m.find()) {
        int group = 0;
        for (int g = 1; g <= groups; g++) {
          if (m.start(g) >= 0) {
            group = g;
            break;
          }
        }
        if (m.end(group) > m.start(group)) {
          add(m.start(group), m.end(group), rule);
        }
      }
    } catch (BoundedRegex.BudgetExceeded e) {
      // a blocked_values pattern gave up on this text: the whole text is replaced rather than let through unchecked
      matches = 0;
      add(0, text.length(), rule);
    }
  }

  /**
   * Card numbers: 13-19 digits, single spaces or dashes allowed between groups, a brand's prefix, Luhn. Every group
   * of a run of digits is tried as a start (a card may follow other digits: {@code "id 123 4111 1111 1111 1111"}),
   * and of the group ends after it the farthest that makes a valid number is taken.
   */
  private void findCards(String text) {
    int n = text.length();
    int[] digits = new int[19];
    int i = 0;
    while (i < n) {
      if (!isDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int end = cardAt(text, i, digits);
      if (end > 0) {
        add(i, end, RedactionRule.CARD_NUMBER);
        i = end;
      } else {
        while (i < n && isDigit(text.charAt(i))) {
          i++;
        }
      }
    }
  }

  /** The end of the card number that starts at the group starting at {@code start}, or -1. */
  private static int cardAt(String text, int start, int[] digits) {
    if (start > 0 && attached(text.charAt(start - 1))) {
      return -1;
    }
    int n = text.length();
    int count = 0;
    boolean separated = false;
    int best = -1;
    int j = start;
    while (j < n && count < digits.length) {
      char d = text.charAt(j);
      if (isDigit(d)) {
        digits[count++] = d - '0';
        j++;
        boolean groupEnd = j == n || !isDigit(text.charAt(j));
        // unseparated runs of 17-19 digits are numeric ids far more often than cards (a 64-bit trace id has 19)
        if (groupEnd && count >= 13 && (j == n || !wordChar(text.charAt(j))) && (separated || count <= 16)
            && brand(digits, count) && luhn(digits, count)) {
          best = j;
        }
      } else if ((d == ' ' || d == '-') && j + 1 < n && isDigit(text.charAt(j + 1))) {
        separated = true;
        j++;
      } else {
        break;
      }
    }
    return best;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean wordChar(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  /** A character that makes a digit run part of something else: a word, a decimal, a phone number. */
  private static boolean attached(char c) {
    return wordChar(c) || c == '.' || c == '+' || c == '-' || c == ':' || c == '/';
  }

  /** The prefixes and lengths of the card brands (Visa, Mastercard, Amex, Diners, Discover, JCB, UnionPay). */
  static boolean brand(int[] d, int length) {
    int p2 = d[0] * 10 + d[1];
    int p3 = p2 * 10 + d[2];
    int p4 = p3 * 10 + d[3];
    if (d[0] == 4) {
      return length == 13 || length == 16 || length == 19;
    }
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
      return length == 16;
    }
    if (p2 == 34 || p2 == 37) {
      return length == 15;
    }
    if (p2 == 36 || p2 == 38 || p2 == 39 || (p3 >= 300 && p3 <= 305)) {
      return length >= 14 && length <= 19;
    }
    if (p4 == 6011 || p2 == 65 || p2 == 62 || (p3 >= 644 && p3 <= 649) || (p4 >= 3528 && p4 <= 3589)) {
      return length >= 16 && length <= 19;
    }
    return false;
  }

  static boolean luhn(int[] d, int length) {
    int sum = 0;
    for (int k = 0; k < length; k++) {
      int digit = d[length - 1 - k];
      if (k % 2 == 1) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
    }
    return sum % 10 == 0;
  }

  /** Keeps a match unless it overlaps one kept before (of a rule declared earlier or found first). */
  private void add(int start, int end, RedactionRule rule) {
    for (int k = 0; k < matches; k++) {
      if (start < ends[k] && starts[k] < end) {
        return;
      }
    }
    if (matches == starts.length) {
      starts = Arrays.copyOf(starts, matches * 2);
      ends = Arrays.copyOf(ends, matches * 2);
      found = Arrays.copyOf(found, matches * 2);
    }
    starts[matches] = start;
    ends[matches] = end;
    found[matches] = rule;
    matches++;
  }

  private String rebuild(String field, String text) {
    Integer[] order = new Integer[matches];
    for (int k = 0; k < matches; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(starts[a], starts[b]));
    StringBuilder out = new StringBuilder(text.length() + 16 * matches);
    int last = 0;
    for (int k : order) {
      out.append(text, last, starts[k]);
      String replacement = replacement(found[k], text.substring(starts[k], ends[k]));
      out.append(replacement);
      counted(field, found[k], replacement);
      last = ends[k];
    }
    out.append(text, last, text.length());
    return out.toString();
  }

  private void counted(String field, RedactionRule rule, String replacement) {
    counts[rule.ordinal()]++;
    entryChanged = true;
    if (listener != null) {
      listener.redacted(field, rule, replacement);
    }
  }

  /** {@code <redacted:RULE>}, or with a key {@code <RULE:HMAC>} (16 hex digits) so equal values stay equal. */
  String replacement(RedactionRule rule, String value) {
    if (mac == null) {
      return "<redacted:" + rule.key() + ">";
    }
    byte[] hash = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    StringBuilder out = new StringBuilder(rule.key().length() + 19).append('<').append(rule.key()).append(':');
    for (int k = 0; k < 8; k++) {
      out.append(Character.forDigit((hash[k] >> 4) & 0xf, 16)).append(Character.forDigit(hash[k] & 0xf, 16));
    }
    return out.append('>').toString();
  }

  /** Replacements so far by rule key, the rules with none left out. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    for (RedactionRule rule : RULES) {
      if (counts[rule.ordinal()] > 0) {
        out.put(rule.key(), counts[rule.ordinal()]);
      }
    }
    return out;
  }

  /** Entries (events and rejects) that had at least one value replaced so far. */
  public long entriesChanged() {
    return entriesChanged;
  }
}
