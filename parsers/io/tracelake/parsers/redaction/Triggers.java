package io.tracelake.parsers.redaction;

/**
 * One pass over a text that says which rules could match in it, as a bit set: the cheap test that spares the
 * patterns the lines that hold nothing to redact (most of them). It may say yes where a rule then finds nothing,
 * never no where a rule would find something.
 */
final class Triggers {
  private Triggers() {}

  static int bit(RedactionRule rule) {
    return 1 << rule.ordinal();
  }

  private static final int EMAIL = bit(RedactionRule.EMAIL);
  private static final int URL = bit(RedactionRule.URL_CREDENTIALS);
  private static final int CARD = bit(RedactionRule.CARD_NUMBER);
  private static final int JWT = bit(RedactionRule.JWT);
  private static final int AWS_ACCESS = bit(RedactionRule.AWS_ACCESS_KEY);
  private static final int BEARER = bit(RedactionRule.BEARER_TOKEN);
  private static final int GITHUB = bit(RedactionRule.GITHUB_TOKEN);
  private static final int SLACK = bit(RedactionRule.SLACK_TOKEN);
  private static final int STRIPE = bit(RedactionRule.STRIPE_KEY);
  private static final int AUTH = bit(RedactionRule.AUTH_HEADER);
  private static final int AWS_SECRET = bit(RedactionRule.AWS_SECRET_KEY);
  private static final int QUERY = bit(RedactionRule.QUERY_SECRET);
  private static final int FIELD = bit(RedactionRule.SECRET_FIELD);

  /** Key endings that name a secret, lower case (compared ignoring case). */
  private static final String[] SECRET_KEY_ENDINGS = {"password", "passwd", "pwd", "token", "secret", "api_key",
      "api-key", "apikey", "credential", "credentials", "private_key", "private-key", "privatekey"};
  /** A key's value's rule is the caller's: a secret field's after a colon, a query secret's after an equals sign. */
  private static final int SECRET = 0;

  /** A key ending that calls for a rule ({@link #SECRET}: the caller's), lower case. */
  private record Ending(String text, int bit) {}

  /**
   * Every key ending, by its last letter: a key is compared only with the endings its own last letter allows
   * (most keys, {@code user_id}, {@code status}, {@code duration}, with none or a few, not with all of them).
   * No ending is the end of another, so at most one matches and their order does not matter.
   */
  private static final Ending[][] ENDINGS_BY_LAST_LETTER = new Ending[128][];

  static {
    java.util.List<Ending> endings = new java.util.ArrayList<>();
    endings.add(new Ending("authorization", AUTH));
    endings.add(new Ending("cookie", AUTH));
    endings.add(new Ending("access_key", AWS_SECRET));
    endings.add(new Ending("accesskey", AWS_SECRET));
    for (String ending : SECRET_KEY_ENDINGS) {
      endings.add(new Ending(ending, SECRET));
    }
    for (char c = 'a'; c <= 'z'; c++) {
      char last = c;
      ENDINGS_BY_LAST_LETTER[c] = endings.stream().filter(e -> e.text().charAt(e.text().length() - 1) == last)
          .toArray(Ending[]::new);
    }
  }

  /** The ASCII characters the scan looks at; every other character only ends a run of digits. */
  private static final boolean[] LOOKED_AT = new boolean[128];

  static {
    for (char c : "0123456789 -@:=JABbgx_".toCharArray()) {
      LOOKED_AT[c] = true;
    }
  }

  static int scan(String s) {
    int bits = 0;
    int n = s.length();
    int digitRun = 0;
    int lastDigit = -2;
    int schemeAt = -1;
    // the loop stays small (it is on every text of every line, and compiled early); the rare characters go to rare()
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 128 || !LOOKED_AT[c]) {
        digitRun = 0;
      } else if (c >= '0' && c <= '9') {
        digitRun = lastDigit >= i - 2 ? digitRun + 1 : 1; // after a digit, or one space or dash after a digit
        lastDigit = i;
        if (digitRun >= 13) {
          bits |= CARD;
        }
      } else if (c != ' ' && c != '-') { // a space or dash may separate a card number's groups: the run goes on
        digitRun = 0;
        if (c == ':' && schemeAt < 0 && s.startsWith("//", i + 1)) {
          schemeAt = i;
        } else {
          bits |= rare(s, i, c, schemeAt >= 0);
        }
      }
    }
    return bits;
  }

  /** What the character {@code c} at {@code i}, one the scan looks at other than a digit, space or dash, triggers. */
  private static int rare(String s, int i, char c, boolean afterScheme) {
    int n = s.length();
    return switch (c) {
      case '@' -> afterScheme ? EMAIL | URL : EMAIL;
      case ':' -> key(s, i, FIELD);
      case '=' -> key(s, i, QUERY);
      case 'J' -> i >= 2 && s.charAt(i - 1) == 'y' && s.charAt(i - 2) == 'e' ? JWT : 0;
      case 'A' -> i + 3 < n && s.charAt(i + 3) == 'A' && s.charAt(i + 2) == 'I'
          && (s.charAt(i + 1) == 'K' || s.charAt(i + 1) == 'S') ? AWS_ACCESS : 0;
      case 'B', 'b' -> i + 5 < n && (s.charAt(i + 1) | 0x20) == 'e' && s.regionMatches(true, i + 2, "arer", 0, 4)
          ? BEARER : 0;
      case 'g' -> i + 3 < n && s.charAt(i + 1) == 'h' && s.charAt(i + 3) == '_' || s.startsWith("ithub_pat_", i + 1)
          ? GITHUB : 0;
      case 'x' -> i + 4 < n && s.charAt(i + 1) == 'o' && s.charAt(i + 2) == 'x' && s.charAt(i + 4) == '-' ? SLACK : 0;
      case '_' -> i >= 2 && s.charAt(i - 1) == 'k' && (s.startsWith("live_", i + 1) || s.startsWith("test_", i + 1))
          ? STRIPE : 0;
      default -> 0;
    };
  }

  /**
   * The rules the key before the {@code =} or {@code :} at {@code at} calls for: a secret-named key's value
   * ({@code secretBit}), an Authorization or Cookie header, an AWS secret key.
   */
  private static int key(String s, int at, int secretBit) {
    int j = at - 1;
    while (j >= 0 && s.charAt(j) == ' ') {
      j--;
    }
    if (j >= 0 && (s.charAt(j) == '"' || s.charAt(j) == '\'')) {
      j--;
    }
    int end = j + 1;
    while (j >= 0 && end - j <= 64 && keyChar(s.charAt(j))) {
      j--;
    }
    int length = end - j - 1;
    if (length < 3) {
      return 0;
    }
    char last = (char) (s.charAt(end - 1) | 0x20); // ASCII lower case: a key character is a letter, digit, _ - or .
    if (last < 'a' || last > 'z') {
      return 0;
    }
    for (Ending ending : ENDINGS_BY_LAST_LETTER[last]) {
      if (endsWith(s, end, ending.text())) {
        return ending.bit() == SECRET ? secretBit : ending.bit();
      }
    }
    return 0;
  }

  /**
   * Whether {@code s} ends at {@code end} with {@code ending} (lower case), in any case. Read from the end, where
   * keys that share the ending's last letter differ first ({@code session} and {@code token}), folding ASCII case
   * by hand: {@code regionMatches} per ending was half the scan's time on lines holding many {@code key=value} or
   * {@code key: value}. A character beyond ASCII goes to {@code regionMatches}, which folds as RE2/J does
   * ({@code ſ} is an {@code s} to both).
   */
  private static boolean endsWith(String s, int end, String ending) {
    int n = ending.length();
    if (end < n) {
      return false;
    }
    for (int k = 1; k <= n; k++) {
      char c = s.charAt(end - k);
      char e = ending.charAt(n - k);
      if (c >= 128) {
        return s.regionMatches(true, end - n, ending, 0, n);
      }
      // c | 0x20 is an ASCII upper case letter's lower case; an ending's other characters are _ and -
      if (c != e && ((c | 0x20) != e || e < 'a' || e > 'z')) {
        return false;
      }
    }
    return true;
  }

  private static boolean keyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
        || c == '.';
  }
}
