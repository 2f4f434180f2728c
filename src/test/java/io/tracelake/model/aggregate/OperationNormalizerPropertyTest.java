package io.tracelake.model.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.aggregate.OperationNormalizer.Rule;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Normalising a template changes nothing, whatever the name: a job may see already-templated names. */
class OperationNormalizerPropertyTest {

  private static final OperationNormalizer DEFAULTS = OperationNormalizer.defaults();
  private static final OperationNormalizer WITH_RULES = new OperationNormalizer(List.of(
      new Rule("^/tenants/[a-z]+/", "/tenants/{tenant}/")));

  @Property(tries = 1000)
  void isIdempotentOnAnyString(@ForAll String operation) {
    String once = DEFAULTS.normalize(operation);
    assertThat(DEFAULTS.normalize(once)).isEqualTo(once);
  }

  @Property(tries = 2000)
  void isIdempotentOnPathLikeNames(@ForAll("pathLike") String operation) {
    String once = DEFAULTS.normalize(operation);
    assertThat(DEFAULTS.normalize(once)).isEqualTo(once);
    String withRules = WITH_RULES.normalize(operation);
    assertThat(WITH_RULES.normalize(withRules)).isEqualTo(withRules);
  }

  @Provide
  Arbitrary<String> pathLike() {
    // the characters the defaults care about, dense enough to form ids, uuids, hex runs, e-mails and queries
    Arbitrary<String> piece = Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789abcdefXYZ-@.?&=:/ {}").ofMaxLength(40),
        Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(14).ofMaxLength(20),
        Arbitraries.of("GET ", "/tenants/acme/", "/orders/", "https://", "?q=1", "a@b.io",
            "5f0c6a1e-3b4d-4c2a-9e8f-0123456789ab", "{id}", " ", "/"));
    return piece.list().ofMaxSize(8).map(parts -> String.join("", parts));
  }
}
