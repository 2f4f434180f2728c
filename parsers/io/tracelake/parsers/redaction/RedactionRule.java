package io.tracelake.parsers.redaction;

import java.util.Locale;

/**
 * What a redaction replaced, named in the replacement ({@code <redacted:RULE>} or {@code <RULE:hash>}), in the run
 * report's counts and in the config's {@code rules}. The built-in rules find secrets and personal data in any text;
 * the last three come from the config ({@code blocked_key_patterns}, {@code blocked_values}, {@code allowed_keys}).
 * Declared in the order they win when two find overlapping text.
 */
public enum RedactionRule {
  /** The value of an Authorization, Proxy-Authorization, Cookie or Set-Cookie header. */
  AUTH_HEADER,
  /** The password of {@code scheme://user:password@host}. */
  URL_CREDENTIALS,
  /** An AWS secret access key after a key named like {@code aws_secret_access_key}. */
  AWS_SECRET_KEY,
  /** The value of a secret-named parameter: {@code ?password=}, {@code &token=}, JDBC's {@code ;password=}. */
  QUERY_SECRET,
  /** The value of a secret-named field written with a colon: {@code "password": "x"}, {@code token: x}. */
  SECRET_FIELD,
  /** A JSON Web Token: three base64url segments, the first starting {@code eyJ}. */
  JWT,
  /** The token after {@code Bearer}. */
  BEARER_TOKEN,
  /** An AWS access key id: {@code AKIA} or {@code ASIA} and 16 more. */
  AWS_ACCESS_KEY,
  /** A GitHub token: {@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_}, {@code ghr_}, {@code github_pat_}. */
  GITHUB_TOKEN,
  /** A Slack token: {@code xoxb-}, {@code xoxp-} and the other {@code xox?-} kinds. */
  SLACK_TOKEN,
  /** A Stripe key: {@code sk_live_}, {@code rk_live_}, {@code sk_test_}. */
  STRIPE_KEY,
  /** A payment card number: 13-19 digits of a card brand's prefix and length that pass the Luhn check. */
  CARD_NUMBER,
  /** An e-mail address. */
  EMAIL,
  /** The whole value of an attribute whose key matches a blocked key pattern. */
  BLOCKED_KEY,
  /** Text matching one of the config's {@code blocked_values}. */
  BLOCKED_VALUE,
  /** The whole value of an attribute not in the config's {@code allowed_keys} (when that list is given). */
  NOT_ALLOWED_KEY;

  /** The rule's name in config, replacements and the run report. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The rule named {@code key}, or null. */
  public static RedactionRule of(String key) {
    for (RedactionRule rule : values()) {
      if (rule.key().equals(key)) {
        return rule;
      }
    }
    return null;
  }

  /** True for the rules that find secrets in any text, which the config's {@code rules} turns on or off. */
  public boolean builtIn() {
    return ordinal() <= EMAIL.ordinal() || this == BLOCKED_KEY;
  }
}
