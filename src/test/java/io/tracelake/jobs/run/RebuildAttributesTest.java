package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rebuild event's attributes: a map of a fixed list of names, as any map of the same entries reads. */
class RebuildAttributesTest {

  private static final String[] NAMES = {"span_kind", "peer_service", "tracelake.line_number"};

  @Test
  void readsAsAMapOfTheNamesSet() {
    RebuildAttributes attributes = new RebuildAttributes(NAMES);
    attributes.set(2, "17");
    attributes.set(0, "SERVER");
    attributes.set(1, "db");
    attributes.set(1, null); // a later null takes the name out

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("span_kind", "SERVER");
    expected.put("tracelake.line_number", "17");
    assertThat(attributes).isEqualTo(expected).hasSameHashCodeAs(expected).hasSize(2);
    assertThat(attributes.get("span_kind")).isEqualTo("SERVER");
    assertThat(attributes.get(new String("tracelake.line_number"))).isEqualTo("17"); // an equal name, not the same
    assertThat(attributes.get("peer_service")).isNull();
    assertThat(attributes.containsKey("peer_service")).isFalse();
    assertThat(attributes.get("unknown")).isNull();
    assertThat(attributes.get(null)).isNull();
    assertThat(attributes.keySet()).containsExactly("span_kind", "tracelake.line_number");
    assertThatThrownBy(() -> attributes.put("span_kind", "CLIENT")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(new RebuildAttributes(NAMES)).isEmpty();
  }
}
