package io.tracelake.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.schema.Column;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** model/SCHEMA.md documents exactly the columns the job writes (Tables), in order, at the current version. */
class SchemaDocTest {

  private static final Path DOC = Path.of("model/SCHEMA.md");

  @Test
  void everyTableIsDocumentedColumnByColumnInOrder() throws IOException {
    String doc = Files.readString(DOC);
    for (Table table : Tables.ALL) {
      String heading = "### `" + table.name() + "`";
      assertThat(doc).as("heading for " + table.name()).contains(heading);
      int at = doc.indexOf(heading);
      for (Column column : table.columns()) {
        int row = doc.indexOf(column.docRow(), at);
        assertThat(row).as("model/SCHEMA.md row for %s.%s, expected after the previous one:%n%s",
            table.name(), column.name(), column.docRow()).isGreaterThan(at);
        at = row;
      }
    }
  }

  @Test
  void theDocumentStatesTheCurrentSchemaVersion() throws IOException {
    assertThat(Files.readString(DOC)).contains("Schema version: **" + Tables.SCHEMA_VERSION + "**");
  }
}
