package io.tracelake.parsers.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The scan's verdict on keys: which key endings call for which rule, in any case, and which call for none. */
class TriggersTest {

  @ParameterizedTest
  @CsvSource({
      "db_password, SECRET", "passwd, SECRET", "user_pwd, SECRET", "refresh_token, SECRET", "client_secret, SECRET",
      "x_api_key, SECRET", "x-api-key, SECRET", "apikey, SECRET", "credential, SECRET", "aws_credentials, SECRET",
      "ssh_private_key, SECRET", "private-key, SECRET", "privatekey, SECRET",
      "proxy-authorization, AUTH_HEADER", "set-cookie, AUTH_HEADER",
      "aws_secret_access_key, AWS_SECRET_KEY", "secretaccesskey, AWS_SECRET_KEY"})
  void aKeyEndingInASecretsNameCallsForItsRuleInAnyCase(String key, String expected) {
    for (String k : new String[] {key, key.toUpperCase(Locale.ROOT), Character.toUpperCase(key.charAt(0))
        + key.substring(1)}) {
      int afterEquals = Triggers.scan("a " + k + "=value");
      int afterColon = Triggers.scan("a \"" + k + "\": \"value\"");
      if (expected.equals("SECRET")) {
        assertThat(afterEquals & Triggers.bit(RedactionRule.QUERY_SECRET)).as(k + "=").isNotZero();
        assertThat(afterColon & Triggers.bit(RedactionRule.SECRET_FIELD)).as(k + ":").isNotZero();
      } else {
        int bit = Triggers.bit(RedactionRule.valueOf(expected));
        assertThat(afterEquals & bit).as(k + "=").isNotZero();
        assertThat(afterColon & bit).as(k + ":").isNotZero();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"user_id", "status", "duration", "tokens_used", "password_length", "key", "pw",
      "retry_2", "trace_", "api.keys"})
  void otherKeysCallForNoKeyRule(String key) {
    int keyRules = Triggers.bit(RedactionRule.QUERY_SECRET) | Triggers.bit(RedactionRule.SECRET_FIELD)
        | Triggers.bit(RedactionRule.AUTH_HEADER) | Triggers.bit(RedactionRule.AWS_SECRET_KEY);
    assertThat(Triggers.scan("a " + key + "=value") & keyRules).isZero();
    assertThat(Triggers.scan("a " + key + ": value") & keyRules).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pa\u017F\u017Fword", "pa\u017Fswd", "DB_PA\u017FSWORD"})
  void aKeyEndingInASecretsNameWithLettersBeyondAsciiThatFoldToItCallsForItsRule(String key) {
    // the long s folds to s in Unicode's case folding, which RE2/J applies under (?i)
    assertThat(Triggers.scan("a " + key + "=value") & Triggers.bit(RedactionRule.QUERY_SECRET)).as(key).isNotZero();
    assertThat(Triggers.scan("a " + key + ": value") & Triggers.bit(RedactionRule.SECRET_FIELD)).as(key).isNotZero();
  }
}
