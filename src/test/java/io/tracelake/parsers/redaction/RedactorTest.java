package io.tracelake.parsers.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.model.RejectReason;
import io.tracelake.model.RejectedLine;
import io.tracelake.model.regex.BoundedRegex;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private static String mask(String text) {
    return new Redactor(RedactionSettings.defaults()).text("message", text);
  }

  private static RedactionSettings hashed(byte[] key) {
    return new RedactionSettings(true, RedactionSettings.builtInRules(), key, List.of(), List.of(), Set.of(),
        Set.of());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "url_credentials|connecting to https://alice:s3cr3t@db.example.com/app|"
          + "connecting to https://alice:<redacted:url_credentials>@db.example.com/app",
      "url_credentials|amqp://guest:guest@rabbit:5672/|amqp://guest:<redacted:url_credentials>@rabbit:5672/",
      "query_secret|GET /login?user=bob&password=hunter2&next=/home|"
          + "GET /login?user=bob&password=<redacted:query_secret>&next=/home",
      "query_secret|callback?access_token=abc123XYZ|callback?access_token=<redacted:query_secret>",
      "query_secret|jdbc:sqlserver://db:1433;user=sa;password=Pa55word;encrypt=true|"
          + "jdbc:sqlserver://db:1433;user=sa;password=<redacted:query_secret>;encrypt=true",
      "query_secret|jdbc:postgresql://db/app?user=app&password=pg-secret|"
          + "jdbc:postgresql://db/app?user=app&password=<redacted:query_secret>",
      "query_secret|config api_key=AbCdEf0123 loaded|config api_key=<redacted:query_secret> loaded",
      "query_secret|client_secret=\"two words\" ok|client_secret=\"<redacted:query_secret>\" ok",
      "secret_field|`{\"user\":\"bob\",\"password\":\"hunter2\"}`|"
          + "`{\"user\":\"bob\",\"password\":\"<redacted:secret_field>\"}`",
      "secret_field|token: abc.def retrying|token: <redacted:secret_field> retrying",
      "auth_header|Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l|Authorization: <redacted:auth_header>",
      "auth_header|header Cookie: SESSION=abc; theme=dark|header Cookie: <redacted:auth_header>",
      "auth_header|Set-Cookie: id=a3fWa; Secure|Set-Cookie: <redacted:auth_header>",
      "bearer_token|sent bearer 0123456789abcdefABCDEF to upstream|"
          + "sent bearer <redacted:bearer_token> to upstream",
      "jwt|token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U expired|"
          + "token <redacted:jwt> expired",
      "aws_access_key|key AKIAIOSFODNN7EXAMPLE used|key <redacted:aws_access_key> used",
      "aws_access_key|session ASIAY34FZKBOKMUTVV7A|session <redacted:aws_access_key>",
      "aws_secret_key|aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|"
          + "aws_secret_access_key=<redacted:aws_secret_key>",
      "github_token|push with ghp_abcdefghijklmnopqrstuvwxyz0123456789 failed|"
          + "push with <redacted:github_token> failed",
      "github_token|github_pat_11ABCDEFG0123456789_abcdefghijklmnop|<redacted:github_token>",
      "slack_token|posting with xoxb-123456789012-abcdefABCDEF|posting with <redacted:slack_token>",
      "stripe_key|charge via sk_live_4eC39HqLyjWDarjtT1zdp7dc|charge via <redacted:stripe_key>",
      "stripe_key|rk_live_51Habcdefghij and sk_test_abcdefghij12|<redacted:stripe_key> and <redacted:stripe_key>",
      "card_number|paid with 4111111111111111.|paid with <redacted:card_number>.",
      "card_number|card 4111 1111 1111 1111 declined|card <redacted:card_number> declined",
      "card_number|card 5555-5555-5555-4444|card <redacted:card_number>",
      "card_number|amex 378282246310005|amex <redacted:card_number>",
      "card_number|token abc123 4111 1111 1111 1111 ok|token abc123 <redacted:card_number> ok",
      "card_number|order 42 4111-1111-1111-1111|order 42 <redacted:card_number>",
      "email|mail to alice.smith+tag@example.co.uk bounced|mail to <redacted:email> bounced",
  })
  void eachRuleReplacesOnlyTheSecret(String rule, String text, String expected) {
    Redactor redactor = new Redactor(RedactionSettings.defaults());
    assertThat(redactor.text("message", text)).isEqualTo(expected);
    assertThat(redactor.counts()).containsKey(rule);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7",
      "traceparent 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "request 123e4567-e89b-12d3-a456-426614174000 done",
      "request 12345678-1234-5678-1234-567812345678 done",
      "at 2026-12-02T10:11:12.123456Z took 12 ms",
      "at 2026-12-02 10:11:12,123 and epoch 1764670272123 or 1764670272123456 us",
      "dd.trace_id=4532015112830366123 dd.span_id=5105105105105100123",
      "order 20261202101112 shipped",
      "java.lang.Object@1b6d3586 and com.example.Foo@5e2de80c",
      "max_tokens=100 tokenizer=bpe user=alice password_age=3 rows=4111111111111111111111",
      "sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      "Bearer of bad news; the bearer token is missing",
      "phone +4915112345678 and v1.4111111111111111",
      "Processing GET /api/v1/orders/4532015112830366abc",
  })
  void leavesIdsTimesAndLookalikesAlone(String text) {
    Redactor redactor = new Redactor(RedactionSettings.defaults());
    assertThat(redactor.text("message", text)).isSameAs(text);
    assertThat(redactor.counts()).isEmpty();
  }

  @Test
  void luhnDecidesBetweenCardAndNumber() {
    assertThat(mask("4111111111111111")).isEqualTo("<redacted:card_number>");
    assertThat(mask("4111111111111112")).isEqualTo("4111111111111112");
    assertThat(mask("4012 8888 8888 1881")).isEqualTo("<redacted:card_number>");
    assertThat(mask("4012 8888 8888 1882")).isEqualTo("4012 8888 8888 1882");
    // 19 digits only when written in groups: unseparated, it is a 64-bit id far more often than a card
    assertThat(mask("4000 0000 0000 0000 006")).isEqualTo("<redacted:card_number>");
    assertThat(mask("4000000000000000006")).isEqualTo("4000000000000000006");
  }

  @Test
  void keyedHashKeepsEqualValuesEqualAndHidesThem() {
    Redactor one = new Redactor(hashed(KEY));
    String a = one.text("message", "from alice@example.com");
    String b = one.text("message", "again alice@example.com");
    String c = one.text("message", "from bob@example.com");
    assertThat(a).matches("from <email:[0-9a-f]{16}>").doesNotContain("alice");
    assertThat(a.substring(5)).isEqualTo(b.substring(6));
    assertThat(c.substring(5)).isNotEqualTo(a.substring(5));
    // the same key on another executor gives the same value: redacted values still join
    assertThat(new Redactor(hashed(KEY)).text("message", "from alice@example.com")).isEqualTo(a);
    byte[] other = KEY.clone();
    other[0] ^= 1;
    assertThat(new Redactor(hashed(other)).text("message", "from alice@example.com")).isNotEqualTo(a);
    assertThat(hashed(KEY).toString()).doesNotContain(new String(KEY, StandardCharsets.UTF_8));
    assertThat(hashed(KEY).mode()).isEqualTo("hmac_sha256");
  }

  private static ParsedLine event(String message, Map<String, String> attributes) {
    return ParsedLine.event(7, 1, LogEvent.builder(1L).message(message).attributes(attributes)
        .exceptionType("java.sql.SQLException").exceptionMessage("login failed for jdbc:mysql://app:pw123@db/app")
        .httpPath("/reset?token=abcdef&lang=en").traceId("4bf92f3577b34da6a3ce929d0e0e4736").build());
  }

  @Test
  void aSecretRepeatedLineAfterLineIsReplacedOnEveryLine() {
    // parsers hand out one String for a value that repeats: the redactor skips a value it found clean, not one
    // it replaced
    String secret = "retry with token=abc123XYZ";
    String clean = "eu-west-1";
    Redactor redactor = new Redactor(RedactionSettings.defaults());
    for (int line = 0; line < 3; line++) {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("note", line == 2 ? clean : secret);
      attributes.put("region", line == 2 ? secret : clean);
      LogEvent e = redactor.redact(event("line " + line, attributes)).event();
      assertThat(e.attributes().get(line == 2 ? "region" : "note")).isEqualTo("retry with token=<redacted:query_secret>");
      assertThat(e.attributes().get(line == 2 ? "note" : "region")).isSameAs(clean);
    }
    assertThat(redactor.counts()).containsEntry("query_secret", 3L + 3L); // and each line's http_path
    assertThat(redactor.entriesChanged()).isEqualTo(3);
  }

  @Test
  void redactsEveryWrittenFieldOfAnEventAndCountsIt() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("user", "carol@example.org");
    attributes.put("db.password", "hunter2");
    attributes.put("X-Api-Key", "k-123");
    attributes.put("region", "eu-west-1");
    Redactor redactor = new Redactor(RedactionSettings.defaults());
    LogEvent e = redactor.redact(event("paid with 4111-1111-1111-1111", attributes)).event();
    assertThat(e.message()).isEqualTo("paid with <redacted:card_number>");
    assertThat(e.exceptionMessage()).isEqualTo("login failed for jdbc:mysql://app:<redacted:url_credentials>@db/app");
    assertThat(e.httpPath()).isEqualTo("/reset?token=<redacted:query_secret>&lang=en");
    assertThat(e.attributes()).containsExactly(Map.entry("user", "<redacted:email>"),
        Map.entry("db.password", "<redacted:blocked_key>"), Map.entry("X-Api-Key", "<redacted:blocked_key>"),
        Map.entry("region", "eu-west-1"));
    assertThat(e.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(redactor.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("card_number", 1L,
        "url_credentials", 1L, "query_secret", 1L, "email", 1L, "blocked_key", 2L));
    assertThat(redactor.entriesChanged()).isEqualTo(1);
  }

  @Test
  void redactsARejectsRawLineAndDetail() {
    Redactor redactor = new Redactor(RedactionSettings.defaults());
    ParsedLine reject = ParsedLine.reject(3, new RejectedLine(RejectReason.values()[0],
        "bad value 'dave@example.com'", "{\"ts\":\"x\",\"password\":\"hunter2\",\"msg\":\"dave@example.com\"", 60));
    RejectedLine out = redactor.redact(reject).reject();
    assertThat(out.raw()).isEqualTo("{\"ts\":\"x\",\"password\":\"<redacted:secret_field>\",\"msg\":\"<redacted:email>\"");
    assertThat(out.detail()).isEqualTo("bad value '<redacted:email>'");
    assertThat(out.rawBytes()).isEqualTo(60);
    assertThat(redactor.entriesChanged()).isEqualTo(1);
  }

  @Test
  void anEntryWithNothingToRedactIsTheSameInstance() {
    Redactor redactor = new Redactor(RedactionSettings.defaults());
    ParsedLine entry = ParsedLine.event(1, 1, LogEvent.builder(1L).message("GET /api/orders 200 in 12 ms")
        .attributes(Map.of("region", "eu")).build());
    assertThat(redactor.redact(entry)).isSameAs(entry);
    assertThat(redactor.entriesChanged()).isZero();
  }

  @Test
  void offChangesNothing() {
    Redactor redactor = new Redactor(RedactionSettings.off());
    ParsedLine entry = event("alice@example.com 4111111111111111", Map.of("password", "x"));
    assertThat(redactor.redact(entry)).isSameAs(entry);
    assertThat(redactor.counts()).isEmpty();
    assertThat(RedactionSettings.off().mode()).isEqualTo("off");
  }

  @Test
  void aRuleTurnedOffLetsItsValuesThrough() {
    EnumSet<RedactionRule> rules = EnumSet.copyOf(RedactionSettings.builtInRules());
    rules.remove(RedactionRule.EMAIL);
    rules.remove(RedactionRule.BLOCKED_KEY);
    Redactor redactor = new Redactor(new RedactionSettings(true, rules, null, List.of(), List.of(), Set.of(),
        Set.of()));
    assertThat(redactor.text("message", "alice@example.com paid 4111111111111111"))
        .isEqualTo("alice@example.com paid <redacted:card_number>");
    LogEvent e = redactor.redact(event("m", Map.of("password", "hunter2"))).event();
    assertThat(e.attributes()).containsEntry("password", "hunter2");
  }

  @Test
  void blockedValuesAndKeyPatternsFromTheConfig() {
    Redactor redactor = new Redactor(new RedactionSettings(true, RedactionSettings.builtInRules(), null,
        List.of(BoundedRegex.compile("(?i)^ssn")), List.of(BoundedRegex.compile("EMP-[0-9]{6}")), Set.of(),
        Set.of()));
    assertThat(redactor.text("message", "employee EMP-123456 left")).isEqualTo("employee <redacted:blocked_value> left");
    LogEvent e = redactor.redact(event("m", Map.of("SSN_last4", "1234", "team", "EMP-000001"))).event();
    assertThat(e.attributes()).containsEntry("SSN_last4", "<redacted:blocked_key>")
        .containsEntry("team", "<redacted:blocked_value>");
  }

  @Test
  void aBlockedValuePatternThatGivesUpReplacesTheWholeText() {
    // a backreference keeps the pattern on java.util.regex, under a step budget; this text makes it backtrack
    BoundedRegex stalling = BoundedRegex.compile("(a+)+\\1b");
    assertThat(stalling.linear()).isFalse();
    Redactor redactor = new Redactor(new RedactionSettings(true, RedactionSettings.builtInRules(), null, List.of(),
        List.of(stalling), Set.of(), Set.of()));
    String text = "mail bob@example.com " + "a".repeat(5_000) + "c";
    long start = System.nanoTime();
    assertThat(redactor.text("message", text)).isEqualTo("<redacted:blocked_value>");
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }

  @Test
  void allowedKeysKeepOnlyTheirValuesAndIgnoredKeysAreNeverRedacted() {
    Redactor redactor = new Redactor(new RedactionSettings(true, RedactionSettings.builtInRules(), null, List.of(),
        List.of(), Set.of("region", "contact", "password"), Set.of("contact", "password")));
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("region", "eu bob@example.com");
    attributes.put("customer", "ACME");
    attributes.put("contact", "ops@example.com");
    attributes.put("password", "shown-on-purpose");
    LogEvent e = redactor.redact(event("m", attributes)).event();
    assertThat(e.attributes()).containsExactly(Map.entry("region", "eu <redacted:email>"),
        Map.entry("customer", "<redacted:not_allowed_key>"), Map.entry("contact", "ops@example.com"),
        Map.entry("password", "shown-on-purpose"));
  }

  @Test
  void replacementsAreNotMatchedAgainAndOverlapsGoToTheFirstRule() {
    Redactor redactor = new Redactor(hashed(KEY));
    String out = redactor.text("message",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijklmnop");
    assertThat(out).matches("Authorization: <auth_header:[0-9a-f]{16}>");
    assertThat(redactor.counts()).containsExactly(Map.entry("auth_header", 1L));
  }

  @Test
  void aListenerIsToldOfEachReplacement() {
    List<String> told = new java.util.ArrayList<>();
    Redactor redactor = new Redactor(RedactionSettings.defaults())
        .listener((field, rule, replacement) -> told.add(field + " " + rule.key() + " " + replacement));
    redactor.redact(event("a@example.com", Map.of()));
    assertThat(told).containsExactly("message email <redacted:email>",
        "exception_message url_credentials <redacted:url_credentials>", "http_path query_secret <redacted:query_secret>");
  }
}
