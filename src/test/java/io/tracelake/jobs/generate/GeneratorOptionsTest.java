package io.tracelake.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {
  private static final Path OUT = Path.of("out");
  private static final LocalDate DATE = LocalDate.of(2026, 11, 20);

  @Test
  void acceptsSensibleOptions() {
    assertThatCode(() -> new GeneratorOptions(OUT, DATE, 1, -7, Compression.NONE)).doesNotThrowAnyException();
  }

  @Test
  void rejectsFewerThanOneRequest() {
    assertThatThrownBy(() -> new GeneratorOptions(OUT, DATE, 0, 1, Compression.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requests: 0").hasMessageContaining("at least 1");
  }

  @Test
  void rejectsMissingValues() {
    assertThatThrownBy(() -> new GeneratorOptions(null, DATE, 1, 1, Compression.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output directory");
    assertThatThrownBy(() -> new GeneratorOptions(OUT, null, 1, 1, Compression.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("date");
    assertThatThrownBy(() -> new GeneratorOptions(OUT, DATE, 1, 1, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NONE, GZIP, BZIP2, ZSTD");
    assertThatThrownBy(() -> new LogSimulator(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsYearsOutsideTheRenderableRange() {
    assertThatThrownBy(() -> new GeneratorOptions(OUT, LocalDate.of(1969, 12, 31), 1, 1, Compression.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1969-12-31");
  }

  @Test
  void compressionSuffixes() {
    assertThat(Compression.NONE.suffix()).isEmpty();
    assertThat(Compression.GZIP.suffix()).isEqualTo(".gz");
    assertThat(Compression.BZIP2.suffix()).isEqualTo(".bz2");
    assertThat(Compression.ZSTD.suffix()).isEqualTo(".zst");
  }
}
