package io.tracelake.parsers.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Wherever a secret sits among ordinary log text (ids, times, words, punctuation, other secrets), it is gone from
 * the redacted text: the trigger scan never says no where a rule would find something, and matches next to each
 * other do not hide one another. Ordinary text alone comes back as the same instance.
 */
class RedactorPropertyTest {

  /** Each secret, with what must not survive redaction (the secret part; the key before it may stay). */
  private static final List<String[]> SECRETS = List.of(
      new String[] {"https://bob:Hunter2Pw@db.example.org/x", "Hunter2Pw"},
      new String[] {"password=Pw0rdValue", "Pw0rdValue"},
      new String[] {"&access_token=AtValue123", "AtValue123"},
      new String[] {";password=JdbcPwValue;", "JdbcPwValue"},
      new String[] {"\"client_secret\": \"CsValue99\"", "CsValue99"},
      new String[] {"Authorization: Basic QmFzaWNWYWx1ZQ==", "QmFzaWNWYWx1ZQ"},
      new String[] {"Bearer AbCdEfGhIjKlMnOpQrSt", "AbCdEfGhIjKlMnOpQrSt"},
      new String[] {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcm9wIn0.c2lnUHJvcA", "eyJzdWIiOiJwcm9wIn0"},
      new String[] {"AKIAABCDEFGHIJKLMNOP", "AKIAABCDEFGHIJKLMNOP"},
      new String[] {"aws_secret_access_key=abcdefghijABCDEFGHIJ0123456789/+abcdefgh", "ABCDEFGHIJ0123456789"},
      new String[] {"ghs_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", "ghs_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"},
      new String[] {"xoxp-1234567890-abcdefghij", "xoxp-1234567890-abcdefghij"},
      new String[] {"sk_live_abcdefghij0123", "sk_live_abcdefghij0123"},
      new String[] {"4111 1111 1111 1111", "4111 1111 1111 1111"},
      new String[] {"378282246310005", "378282246310005"},
      new String[] {"carol.jones@example.net", "carol.jones@example.net"});

  private static final List<String> NOISE = List.of("GET /orders/1234 completed in 12 ms",
      "trace_id=4bf92f3577b34da6a3ce929d0e0e4736", "span 00f067aa0ba902b7", "2026-11-20T10:11:12.123456Z",
      "123e4567-e89b-12d3-a456-426614174000", "1764670272123", "user=alice", "Object@1b6d3586", "ünïcödé ✓",
      "key: value", "a=b&c=d", "java.lang.IllegalStateException: boom", "(x)", "[1,2,3]", "\"quoted\"", "-", "",
      "\t", "Bearer of news", "max_tokens=100");

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.of(NOISE).list().ofMaxSize(6).map(parts -> String.join(" ", parts));
  }

  @Provide
  Arbitrary<Integer> secret() {
    return Arbitraries.integers().between(0, SECRETS.size() - 1);
  }

  @Provide
  Arbitrary<String> separator() {
    return Arbitraries.of(" ", ", ", "\n", " | ", "\t", " (", ") ");
  }

  @Property(tries = 400)
  void aSecretAnywhereInOrdinaryTextIsGone(@ForAll("noise") String before, @ForAll("secret") int first,
      @ForAll("separator") String separator, @ForAll("secret") int second, @ForAll("noise") String after) {
    String text = before + separator + SECRETS.get(first)[0] + separator + SECRETS.get(second)[0] + separator
        + after;
    String redacted = new Redactor(RedactionSettings.defaults()).text("message", text);
    assertThat(redacted).doesNotContain(SECRETS.get(first)[1]).doesNotContain(SECRETS.get(second)[1]);
  }

  @Property(tries = 300)
  void ordinaryTextComesBackAsItWas(@ForAll("noise") String text) {
    assertThat(new Redactor(RedactionSettings.defaults()).text("message", text)).isSameAs(text);
  }
}
