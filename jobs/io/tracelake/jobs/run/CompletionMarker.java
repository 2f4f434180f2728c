package io.tracelake.jobs.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code <warehouse>/_runs/dt=<day>/_COMPLETE}: the day's nightly tables and aggregates are all written, by the
 * run it names, and the day is switched to them. Removed just before a run switches the day and written again
 * after the switch (when the run succeeded), so a scheduler's sensor that waits for it never sees a marker of a
 * run the day is not switched to. Its content is one JSON object:
 * {@code {"run_id": ..., "date": ..., "finished_at": ...}}.
 */
public final class CompletionMarker {

  public static final String NAME = "_COMPLETE";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CompletionMarker() {}

  public static Path path(String warehouse, LocalDate date) {
    return new Path(RunReport.directory(warehouse, date) + "/" + NAME);
  }

  /** Marks the day complete by the run of {@code report}. */
  public static void write(RunReport report, Configuration hadoop) throws IOException {
    Path path = path(report.warehouse(), LocalDate.parse(report.date()));
    byte[] text = (JSON.writeValueAsString(JSON.createObjectNode().put("run_id", report.runId())
        .put("date", report.date()).put("finished_at", report.finishedAt())) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    io.tracelake.jobs.warehouse.AtomicFile.write(path, text, hadoop, () -> { });
  }

  /** Un-marks the day, before a run replaces any of it. */
  static void clear(String warehouse, LocalDate date, Configuration hadoop) throws IOException {
    Path path = path(warehouse, date);
    path.getFileSystem(hadoop).delete(path, false);
  }

  /** The run id the day's marker names, or empty when the day is not marked complete. */
  public static Optional<String> runId(String warehouse, LocalDate date, Configuration hadoop) throws IOException {
    Path path = path(warehouse, date);
    FileSystem fs = path.getFileSystem(hadoop);
    if (!fs.exists(path)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(path)) {
      JsonNode marker = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return Optional.ofNullable(marker.path("run_id").asText(null));
    }
  }
}
