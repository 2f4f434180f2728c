package io.tracelake.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracelake.model.regex.BoundedRegex;
import io.tracelake.parsers.redaction.RedactionRule;
import io.tracelake.parsers.redaction.RedactionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads the {@code redaction} blocks of a config, modelled on OpenTelemetry's redaction processor: the top-level
 * one and a source's own, merged over it field by field ({@code rules} rule by rule; a list given by the source
 * replaces the top-level one). {@code redaction: off} turns it off, at the top or for one source. The HMAC key of
 * keyed-hash mode is read here, once, from the environment variable or file the block names; a key written in the
 * config is an error.
 */
final class RedactionConfig {

  static final int MIN_KEY_BYTES = 16;
  private static final Set<String> FIELDS = Set.of("rules", "hash_function", "hash_key_env", "hash_key_file",
      "blocked_values", "blocked_key_patterns", "allowed_keys", "ignored_keys");
  /** Names a literal key might be written under: refused with a pointer to the two right ways. */
  private static final Set<String> LITERAL_KEY_FIELDS = Set.of("hash_key", "key", "hmac_key", "secret", "salt");
  private static final java.util.regex.Pattern ENV_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private RedactionConfig() {}

  /**
   * The settings of source {@code sourceName}: its block over the top-level one.
   *
   * @param env reads an environment variable (System::getenv outside tests)
   */
  static RedactionSettings resolve(String fileName, JsonNode top, JsonNode source, String sourceName, Path baseDir,
      UnaryOperator<String> env) {
    String topWhere = fileName + ": redaction";
    String sourceWhere = fileName + ": source '" + sourceName + "': redaction";
    check(topWhere, top);
    check(sourceWhere, source);
    if (present(source) && isOff(source)) {
      return RedactionSettings.off();
    }
    if (!present(source) && present(top) && isOff(top)) {
      return RedactionSettings.off();
    }
    ObjectNode merged = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    if (present(top) && top.isObject()) {
      merged.setAll((ObjectNode) top);
    }
    String where = topWhere;
    if (present(source) && source.isObject()) {
      where = sourceWhere;
      for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().equals("rules") && merged.get("rules") instanceof ObjectNode rules
            && field.getValue().isObject()) {
          ObjectNode both = rules.deepCopy();
          both.setAll((ObjectNode) field.getValue());
          merged.set("rules", both);
        } else {
          merged.set(field.getKey(), field.getValue());
        }
      }
    }
    return settings(where, merged, baseDir, env);
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  /** {@code off} (YAML reads it as false), or the string "off". */
  private static boolean isOff(JsonNode node) {
    return node.isBoolean() && !node.booleanValue() || node.isTextual() && node.textValue().equals("off");
  }

  private static void check(String where, JsonNode node) {
    // on/true: the defaults, as without the block
    if (!present(node) || node.isObject() || isOff(node) || node.isBoolean()
        || node.isTextual() && node.textValue().equals("on")) {
      return;
    }
    throw new ConfigException(where + " must be off, on or a block of settings (rules, hash_function, hash_key_env, "
        + "hash_key_file, blocked_values, blocked_key_patterns, allowed_keys, ignored_keys), was " + node);
  }

  private static RedactionSettings settings(String where, ObjectNode node, Path baseDir, UnaryOperator<String> env) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (LITERAL_KEY_FIELDS.contains(name)) {
        throw new ConfigException(where + "." + name + ": the HMAC key never goes in the config; name an "
            + "environment variable (hash_key_env) or a file (hash_key_file) that holds it");
      }
      if (!FIELDS.contains(name)) {
        throw new ConfigException(where + ": unknown field '" + name + "'; known fields: "
            + FIELDS.stream().sorted().collect(Collectors.joining(", ")));
      }
    }
    Set<RedactionRule> rules = RedactionSettings.builtInRules();
    JsonNode ruleNode = node.get("rules");
    if (present(ruleNode)) {
      if (!ruleNode.isObject()) {
        throw new ConfigException(where + ".rules must be a map from rule to true or false, e.g. {email: false}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = ruleNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> rule = it.next();
        RedactionRule known = RedactionRule.of(rule.getKey());
        if (known == null || !known.builtIn()) {
          throw new ConfigException(where + ".rules: '" + rule.getKey() + "' is not a built-in rule; rules: "
              + RedactionSettings.builtInRules().stream().map(RedactionRule::key).collect(Collectors.joining(", ")));
        }
        if (!rule.getValue().isBoolean()) {
          throw new ConfigException(where + ".rules." + rule.getKey() + " must be true or false, was "
              + rule.getValue());
        }
        if (rule.getValue().booleanValue()) {
          rules.add(known);
        } else {
          rules.remove(known);
        }
      }
    }
    byte[] key = key(where, node, baseDir, env);
    List<BoundedRegex> blockedValues = patterns(where + ".blocked_values", node.get("blocked_values"));
    List<BoundedRegex> blockedKeys = patterns(where + ".blocked_key_patterns", node.get("blocked_key_patterns"));
    Set<String> allowed = names(where + ".allowed_keys", node.get("allowed_keys"));
    Set<String> ignored = names(where + ".ignored_keys", node.get("ignored_keys"));
    return new RedactionSettings(true, rules.isEmpty() ? EnumSet.noneOf(RedactionRule.class) : rules, key,
        blockedKeys, blockedValues, allowed, ignored);
  }

  private static byte[] key(String where, ObjectNode node, Path baseDir, UnaryOperator<String> env) {
    String function = text(where + ".hash_function", node.get("hash_function"));
    String envName = text(where + ".hash_key_env", node.get("hash_key_env"));
    String file = text(where + ".hash_key_file", node.get("hash_key_file"));
    if (function != null && !function.equals("hmac_sha256")) {
      throw new ConfigException(where + ".hash_function must be hmac_sha256 (or left out for mask mode), was '"
          + function + "'");
    }
    if (envName != null && file != null) {
      throw new ConfigException(where + ": give one of hash_key_env and hash_key_file, not both");
    }
    if (envName == null && file == null) {
      if (function != null) {
        throw new ConfigException(where + ": hash_function hmac_sha256 needs its key: hash_key_env (an environment "
            + "variable's name) or hash_key_file (a file's path)");
      }
      return null;
    }
    byte[] key;
    if (envName != null) {
      if (!ENV_NAME.matcher(envName).matches()) {
        throw new ConfigException(where + ".hash_key_env must name an environment variable (letters, digits, _), "
            + "not hold the key itself");
      }
      String value = env.apply(envName);
      if (value == null || value.isEmpty()) {
        throw new ConfigException(where + ".hash_key_env: environment variable " + envName + " is not set; set it "
            + "to the HMAC key (at least " + MIN_KEY_BYTES + " bytes) before the run");
      }
      key = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } else {
      Path path = Path.of(ConfigLoader.resolve(file, baseDir));
      try {
        key = Files.readAllBytes(path);
      } catch (NoSuchFileException e) {
        throw new ConfigException(where + ".hash_key_file: " + path + " does not exist; write the HMAC key (at least "
            + MIN_KEY_BYTES + " bytes) to it, readable by the job only");
      } catch (IOException e) {
        throw new ConfigException(where + ".hash_key_file: cannot read " + path + ": " + e.getMessage());
      }
      int length = key.length;
      while (length > 0 && (key[length - 1] == '\n' || key[length - 1] == '\r')) {
        length--; // the line end an editor or echo leaves is not part of the key
      }
      key = Arrays.copyOf(key, length);
    }
    if (key.length < MIN_KEY_BYTES) {
      throw new ConfigException(where + ": the HMAC key is " + key.length + " bytes; use at least " + MIN_KEY_BYTES
          + " (e.g. openssl rand -hex 32)");
    }
    return key;
  }

  private static String text(String where, JsonNode node) {
    if (!present(node)) {
      return null;
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      throw new ConfigException(where + " must be a non-empty string, was " + node);
    }
    return node.textValue();
  }

  private static List<String> strings(String where, JsonNode node) {
    if (!present(node)) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new ConfigException(where + " must be a list, e.g. ['x']");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual() || item.textValue().isEmpty()) {
        throw new ConfigException(where + " has an entry that is not a non-empty string: " + item);
      }
      out.add(item.textValue());
    }
    return out;
  }

  private static List<BoundedRegex> patterns(String where, JsonNode node) {
    List<BoundedRegex> out = new ArrayList<>();
    for (String pattern : strings(where, node)) {
      try {
        out.add(BoundedRegex.compile(pattern));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(where + ": pattern '" + pattern + "' does not compile: " + e.getDescription());
      }
    }
    return out;
  }

  private static Set<String> names(String where, JsonNode node) {
    return new LinkedHashSet<>(strings(where, node));
  }
}
