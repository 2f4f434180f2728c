package io.tracelake.jobs.run;

import io.tracelake.jobs.warehouse.WarehouseWriter;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The last stage of the nightly run that writes: of the files the tasks staged, only those of the attempts the
 * driver accepted are kept (a failed or losing speculative attempt's are deleted), and every table's day, the
 * aggregates' included, replaces the previous one.
 */
final class Commit {

  private Commit() {}

  static void run(WarehouseWriter writer, ParseTotals parsed, RebuildResult rebuilt) throws IOException {
    List<String> accepted = new ArrayList<>(parsed.acceptedFiles());
    accepted.addAll(rebuilt.files);
    for (Table table : Tables.NIGHTLY) {
      writer.keepOnly(table, accepted);
    }
    List<Table> all = new ArrayList<>(Tables.NIGHTLY);
    all.addAll(Tables.AGGREGATES);
    writer.commit(all);
  }
}
