package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.jobs.warehouse.RowView;
import io.tracelake.jobs.warehouse.TableFiles;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/** A day of every table as a reader sees it (through the day's pointer), each row as text, for comparing runs. */
final class DayView {

  static final List<Table> TABLES = Stream.concat(Tables.NIGHTLY.stream(), Tables.AGGREGATES.stream()).toList();

  private DayView() {}

  /** Every table's rows of the day, each as text (maps in key order), sorted; every table must have files. */
  static Map<String, List<String>> of(String warehouse, LocalDate day, Configuration hadoop) throws IOException {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    for (Table table : TABLES) {
      List<org.apache.hadoop.fs.Path> files = DayPointer.files(warehouse, table, day, hadoop);
      assertThat(files).as("%s has files a reader sees", table.name()).isNotEmpty();
      List<String> rows = new ArrayList<>();
      for (org.apache.hadoop.fs.Path file : files) {
        TableFiles.readAll(table, file, hadoop).forEach(row -> rows.add(text(row)));
      }
      rows.sort(null);
      tables.put(table.name(), rows);
    }
    return tables;
  }

  private static String text(RowView row) {
    List<String> values = new ArrayList<>();
    for (Object value : row.values()) {
      values.add(value instanceof Map<?, ?> map ? new TreeMap<>(map).toString()
          : value instanceof byte[] bytes ? java.util.Arrays.toString(bytes) : String.valueOf(value));
    }
    return String.join(" | ", values);
  }

  /** Every table's day directory holds only the run the pointer names: no other run's directory, no older file. */
  static void assertOnlyTheCurrentRun(Path warehouse, LocalDate day, Configuration hadoop) throws IOException {
    DayPointer pointer = DayPointer.read(warehouse.toString(), day, hadoop).orElseThrow();
    for (Table table : TABLES) {
      try (Stream<Path> runs = Files.list(warehouse.resolve(table.name() + "/dt=" + day))) {
        assertThat(runs.map(p -> p.getFileName().toString()))
            .as("%s/dt=%s", table.name(), day).containsExactly(pointer.runs().get(table.name()));
      }
    }
    assertThat(warehouse.resolve("_runs/dt=" + day + "/_LOCK")).as("the day's lock").doesNotExist();
    assertThat(warehouse.resolve("_staging")).doesNotExist();
  }
}
