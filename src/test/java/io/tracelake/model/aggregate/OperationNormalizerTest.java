package io.tracelake.model.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.aggregate.OperationNormalizer.Rule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperationNormalizerTest {

  private static final OperationNormalizer DEFAULTS = OperationNormalizer.defaults();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "GET /orders/8412                                      | GET /orders/{id}",
      "GET /orders/8412/items/3/                             | GET /orders/{id}/items/{id}/",
      "GET /orders/8412?expand=items&x=1                     | GET /orders/{id}",
      "GET /users/5f0c6a1e-3b4d-4c2a-9e8f-0123456789ab/cart  | GET /users/{uuid}/cart",
      "GET /blobs/DEADBEEF0123456789abcdef                   | GET /blobs/{hex}",
      "GET /blobs/deadbeef01234567                           | GET /blobs/{hex}",
      "GET /blobs/deadbeef0123456                            | GET /blobs/deadbeef0123456",
      "GET /users/jane.doe@example.com                       | GET /users/{email}",
      "https://api.example.com:8443/v2/orders/17?token=abc   | https://api.example.com:{id}/v2/orders/{id}",
      "redis GET user:1234:profile                           | redis GET user:{id}:profile",
      "GET /api/v2/orders HTTP/1.1                           | GET /api/v2/orders HTTP/1.1",
      "POST /orders/order-7                                  | POST /orders/order-7",
      "SELECT * FROM orders WHERE id = ?                     | SELECT * FROM orders WHERE id = ?",
      "SELECT * FROM orders WHERE id = 42                    | SELECT * FROM orders WHERE id = {id}",
      "GET /orders/{id}                                      | GET /orders/{id}",
      "checkout                                              | checkout",
  })
  void replacesIdsInWholeTokens(String operation, String template) {
    assertThat(DEFAULTS.normalize(operation)).isEqualTo(template);
  }

  @Test
  void nullAndEmptyPassThrough() {
    assertThat(DEFAULTS.normalize(null)).isNull();
    assertThat(DEFAULTS.normalize("")).isEmpty();
  }

  @Test
  void userRulesRunInOrderBeforeTheDefaults() {
    OperationNormalizer normalizer = new OperationNormalizer(List.of(
        new Rule("^/tenants/[a-z]+/", "/tenants/{tenant}/"),
        new Rule("\\{tenant\\}", "{t}"),
        new Rule("^(GET|POST) /legacy/.*", "$1 /legacy/*")));

    assertThat(normalizer.normalize("/tenants/acme/orders/12")).isEqualTo("/tenants/{t}/orders/{id}");
    assertThat(normalizer.normalize("POST /legacy/a/b/99")).isEqualTo("POST /legacy/*");
  }

  @Test
  void aBadRegexFailsAtConstructionInOneLineNamingTheRule() {
    assertThatThrownBy(() -> new OperationNormalizer(List.of(new Rule("ok", "x"), new Rule("/orders/(\\d+", "{id}"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Operation rule 2 ('/orders/(\\d+' -> '{id}'): invalid regex: Unclosed group")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aReplacementThatRefersToAMissingGroupFailsAtConstruction() {
    assertThatThrownBy(() -> new OperationNormalizer(List.of(new Rule("/orders/(\\d+)", "/orders/$2"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Operation rule 1 ('/orders/(\\d+)' -> '/orders/$2'): replacement refers to group 2 but the "
            + "regex has 1; escape a literal $ as \\$");
  }

  @Test
  void survivesJavaSerialisationForSparkClosures() throws Exception {
    OperationNormalizer normalizer = new OperationNormalizer(List.of(new Rule("^/v\\d+", "/v{n}")));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(normalizer);
    }
    OperationNormalizer copy = (OperationNormalizer) new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray())).readObject();

    assertThat(copy.normalize("/v3/orders/8")).isEqualTo("/v{n}/orders/{id}");
  }

  @Test
  void givesTheSameTemplatesWhenItHasSeenMoreNamesThanItRemembers() {
    OperationNormalizer normalizer = new OperationNormalizer(List.of(new Rule("^/v\\d+", "/v{n}")));
    String longName = "SELECT " + "x, ".repeat(OperationNormalizer.REMEMBERED_LENGTH) + "y FROM t WHERE id = 7";
    for (int round = 0; round < 2; round++) {
      // past the memory's size: it starts over, and every name still gets its own template
      for (int i = 0; i <= OperationNormalizer.REMEMBERED_NAMES + 10; i++) {
        assertThat(normalizer.normalize("/v2/shop" + i + "/orders/" + i)).isEqualTo("/v{n}/shop" + i + "/orders/{id}");
      }
      assertThat(normalizer.normalize("GET /orders/8412?x=1")).isEqualTo("GET /orders/{id}");
      assertThat(normalizer.normalize(longName)).endsWith("y FROM t WHERE id = {id}");
    }
  }
}
