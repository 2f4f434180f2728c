package io.tracelake.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.parsers.redaction.RedactionRule;
import io.tracelake.parsers.redaction.RedactionSettings;
import io.tracelake.parsers.redaction.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactionConfigTest {

  private static final String SOURCES = """
      sources:
        - {name: web, format: logstash-json, paths: [/x]}
        - name: batch
          format: logstash-json
          paths: [/y]
      """;
  private static final String KEY = "0123456789abcdef0123456789abcdef";

  @TempDir
  Path dir;

  private TracelakeConfig parse(String yaml, Map<String, String> env) {
    return ConfigLoader.parse("warehouse: /w\n" + yaml, "tracelake.yaml", dir, env::get);
  }

  private TracelakeConfig parse(String yaml) {
    return parse(yaml, Map.of());
  }

  private void assertError(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
  }

  @Test
  void onByDefaultInMaskModeWithEveryBuiltInRule() {
    TracelakeConfig config = parse(SOURCES);
    assertThat(config.redactionFor("web")).isEqualTo(RedactionSettings.defaults());
    assertThat(config.redactionFor("web").mode()).isEqualTo("mask");
    assertThat(config.redactionFor("web").rules()).contains(RedactionRule.EMAIL, RedactionRule.CARD_NUMBER);
  }

  @Test
  void offAtTheTopOrForOneSource() {
    assertThat(parse("redaction: off\n" + SOURCES).redactionFor("batch").enabled()).isFalse();
    TracelakeConfig config = parse("""
        sources:
          - {name: web, format: logstash-json, paths: [/x]}
          - {name: batch, format: logstash-json, paths: [/y], redaction: off}
        """);
    assertThat(config.redactionFor("web").enabled()).isTrue();
    assertThat(config.redactionFor("batch").mode()).isEqualTo("off");
    // off at the top, a source's own block turns it on again for that source
    config = parse("""
        redaction: off
        sources:
          - {name: web, format: logstash-json, paths: [/x], redaction: {rules: {email: false}}}
          - {name: batch, format: logstash-json, paths: [/y]}
        """);
    assertThat(config.redactionFor("web").enabled()).isTrue();
    assertThat(config.redactionFor("web").rules()).doesNotContain(RedactionRule.EMAIL).contains(RedactionRule.JWT);
    assertThat(config.redactionFor("batch").enabled()).isFalse();
  }

  @Test
  void onIsTheDefaults() {
    assertThat(parse("redaction: on\n" + SOURCES).redactionFor("web")).isEqualTo(RedactionSettings.defaults());
    assertThat(parse("redaction: true\n" + SOURCES).redactionFor("web")).isEqualTo(RedactionSettings.defaults());
  }

  @Test
  void aSourceBlockIsMergedOverTheTopLevelOne() {
    TracelakeConfig config = parse("""
        redaction:
          rules: {email: false, card_number: false}
          blocked_values: ['EMP-[0-9]{6}']
          ignored_keys: [contact]
        sources:
          - name: web
            format: logstash-json
            paths: [/x]
            redaction:
              rules: {email: true}
              allowed_keys: [region, contact]
          - {name: batch, format: logstash-json, paths: [/y]}
        """);
    RedactionSettings web = config.redactionFor("web");
    assertThat(web.rules()).contains(RedactionRule.EMAIL).doesNotContain(RedactionRule.CARD_NUMBER);
    assertThat(web.blockedValues()).hasSize(1);
    assertThat(web.allowedKeys()).containsExactlyInAnyOrder("region", "contact");
    assertThat(web.ignoredKeys()).containsExactly("contact");
    RedactionSettings batch = config.redactionFor("batch");
    assertThat(batch.rules()).doesNotContain(RedactionRule.EMAIL, RedactionRule.CARD_NUMBER);
    assertThat(batch.allowedKeys()).isEmpty();
  }

  @Test
  void keyedHashReadsItsKeyFromTheEnvironmentOrAFile() throws Exception {
    TracelakeConfig fromEnv = parse("redaction: {hash_function: hmac_sha256, hash_key_env: TL_KEY}\n" + SOURCES,
        Map.of("TL_KEY", KEY));
    assertThat(fromEnv.redactionFor("web").mode()).isEqualTo("hmac_sha256");
    Files.writeString(dir.resolve("redaction.key"), KEY + "\n");
    TracelakeConfig fromFile = parse("redaction: {hash_key_file: redaction.key}\n" + SOURCES);
    assertThat(fromFile.redactionFor("batch").hashKey()).isEqualTo(KEY.getBytes());
    // the same key from either place: the same replacement, so values join across runs and sources
    assertThat(new Redactor(fromEnv.redactionFor("web")).text("m", "a@example.com"))
        .isEqualTo(new Redactor(fromFile.redactionFor("batch")).text("m", "a@example.com"))
        .matches("<email:[0-9a-f]{16}>");
  }

  @Test
  void eachMistakeIsOneLine() {
    assertError("redaction: {hash_key: " + KEY + "}\n" + SOURCES, "tracelake.yaml: redaction.hash_key: the HMAC key "
        + "never goes in the config; name an environment variable (hash_key_env) or a file (hash_key_file) that holds it");
    assertError("redaction: {hash_key_env: 'abc=123'}\n" + SOURCES, "tracelake.yaml: redaction.hash_key_env must name "
        + "an environment variable (letters, digits, _), not hold the key itself");
    assertError("redaction: {hash_key_env: TL_MISSING}\n" + SOURCES, "tracelake.yaml: redaction.hash_key_env: "
        + "environment variable TL_MISSING is not set; set it to the HMAC key (at least 16 bytes) before the run");
    assertError("redaction: {hash_key_file: missing.key}\n" + SOURCES, "tracelake.yaml: redaction.hash_key_file: "
        + dir.resolve("missing.key") + " does not exist; write the HMAC key (at least 16 bytes) to it, readable by "
        + "the job only");
    assertError("redaction: {hash_function: hmac_sha256}\n" + SOURCES, "tracelake.yaml: redaction: hash_function "
        + "hmac_sha256 needs its key: hash_key_env (an environment variable's name) or hash_key_file (a file's path)");
    assertError("redaction: {hash_function: md5, hash_key_env: X}\n" + SOURCES, "tracelake.yaml: "
        + "redaction.hash_function must be hmac_sha256 (or left out for mask mode), was 'md5'");
    assertError("redaction: {rules: {emails: false}}\n" + SOURCES, "tracelake.yaml: redaction.rules: 'emails' is not "
        + "a built-in rule; rules: auth_header, url_credentials, aws_secret_key, query_secret, secret_field, jwt, "
        + "bearer_token, aws_access_key, github_token, slack_token, stripe_key, card_number, email, blocked_key");
    assertError("redaction: {rules: {email: no-thanks}}\n" + SOURCES,
        "tracelake.yaml: redaction.rules.email must be true or false, was \"no-thanks\"");
    assertError("redaction: {blocked_values: ['(unclosed']}\n" + SOURCES,
        "tracelake.yaml: redaction.blocked_values: pattern '(unclosed' does not compile: Unclosed group");
    assertError("redaction: {allowed_keys: region}\n" + SOURCES,
        "tracelake.yaml: redaction.allowed_keys must be a list, e.g. ['x']");
    assertError("redaction: {mode: mask}\n" + SOURCES, "tracelake.yaml: redaction: unknown field 'mode'; known "
        + "fields: allowed_keys, blocked_key_patterns, blocked_values, hash_function, hash_key_env, hash_key_file, "
        + "ignored_keys, rules");
    assertError("redaction: maybe\n" + SOURCES, "tracelake.yaml: redaction must be off, on or a block of settings "
        + "(rules, hash_function, hash_key_env, hash_key_file, blocked_values, blocked_key_patterns, allowed_keys, "
        + "ignored_keys), was \"maybe\"");
    assertError("""
        sources:
          - {name: web, format: logstash-json, paths: [/x], redaction: {blocked_key_patterns: ['[']}}
        """, "tracelake.yaml: source 'web': redaction.blocked_key_patterns: pattern '[' does not compile: "
        + "Unclosed character class");
  }

  @Test
  void aShortKeyIsRefused() throws Exception {
    Files.writeString(dir.resolve("short.key"), "tooshort\n");
    assertError("redaction: {hash_key_file: short.key}\n" + SOURCES,
        "tracelake.yaml: redaction: the HMAC key is 8 bytes; use at least 16 (e.g. openssl rand -hex 32)");
  }
}
