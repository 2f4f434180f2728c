package io.tracelake.parsers.redaction;

import io.tracelake.model.regex.BoundedRegex;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How one source's entries are redacted: off, or on with its rules, its blocked keys and values, its allowed and
 * ignored attribute keys, and in mask mode (no key) or keyed-hash mode (HMAC-SHA256 with {@code hashKey}).
 * Immutable; shipped with each task, a {@link Redactor} is built from it there.
 *
 * @param rules the built-in rules that are on
 * @param hashKey the HMAC key, or null for mask mode; read by the config loader from an environment variable or
 *     a file, never from the config itself
 * @param blockedKeyPatterns attribute keys (found anywhere in the key) whose whole value is redacted, beside the
 *     built-in {@link #DEFAULT_BLOCKED_KEYS} when the rule {@code blocked_key} is on
 * @param blockedValues further patterns whose matches are redacted in every text
 * @param allowedKeys when not empty, the only attribute keys whose values are kept (others are redacted whole)
 * @param ignoredKeys attribute keys whose values are never redacted
 */
public record RedactionSettings(boolean enabled, Set<RedactionRule> rules, byte[] hashKey,
    List<BoundedRegex> blockedKeyPatterns, List<BoundedRegex> blockedValues, Set<String> allowedKeys,
    Set<String> ignoredKeys) implements Serializable {

  /** The attribute keys whose values are secrets by their name, matched anywhere in the key, any case. */
  public static final String DEFAULT_BLOCKED_KEYS =
      "(?i)password|passwd|pwd|secret|token|api[_-]?key|apikey|authorization|cookie|credential|private[_-]?key";

  public RedactionSettings {
    rules = rules.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(rules));
    blockedKeyPatterns = List.copyOf(blockedKeyPatterns);
    blockedValues = List.copyOf(blockedValues);
    allowedKeys = Set.copyOf(allowedKeys);
    ignoredKeys = Set.copyOf(ignoredKeys);
    hashKey = hashKey == null ? null : hashKey.clone();
  }

  /** Every built-in rule, mask mode: what a config without a {@code redaction} block gets. */
  public static RedactionSettings defaults() {
    return new RedactionSettings(true, builtInRules(), null, List.of(), List.of(), Set.of(), Set.of());
  }

  /** {@code redaction: off}. */
  public static RedactionSettings off() {
    return new RedactionSettings(false, Set.of(), null, List.of(), List.of(), Set.of(), Set.of());
  }

  public static Set<RedactionRule> builtInRules() {
    Set<RedactionRule> rules = EnumSet.noneOf(RedactionRule.class);
    for (RedactionRule rule : RedactionRule.values()) {
      if (rule.builtIn()) {
        rules.add(rule);
      }
    }
    return rules;
  }

  /** {@code off}, {@code mask} or {@code hmac_sha256}: the run report's {@code redaction.mode}. */
  public String mode() {
    return !enabled ? "off" : hashKey == null ? "mask" : "hmac_sha256";
  }

  @Override
  public byte[] hashKey() {
    return hashKey == null ? null : hashKey.clone();
  }

  @Override
  public String toString() {
    // never the key: settings end up in logs and task descriptions
    return "RedactionSettings[" + mode() + ", rules=" + rules + ", blocked_key_patterns=" + blockedKeyPatterns
        + ", blocked_values=" + blockedValues + ", allowed_keys=" + allowedKeys + ", ignored_keys=" + ignoredKeys
        + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedactionSettings other && enabled == other.enabled && rules.equals(other.rules)
        && java.util.Arrays.equals(hashKey, other.hashKey)
        && blockedKeyPatterns.toString().equals(other.blockedKeyPatterns.toString())
        && blockedValues.toString().equals(other.blockedValues.toString()) && allowedKeys.equals(other.allowedKeys)
        && ignoredKeys.equals(other.ignoredKeys);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(enabled, rules, java.util.Arrays.hashCode(hashKey), allowedKeys, ignoredKeys);
  }
}
