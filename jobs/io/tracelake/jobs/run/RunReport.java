package io.tracelake.jobs.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What one run of the nightly job read, wrote and how long each stage took; written as JSON next to
 * the tables and summarised on the console. {@code reconciled} is true when every line read is part
 * of an event ({@code eventLines}: an event spans several lines when a stack trace was folded into it)
 * or of a reject ({@code rejectLines}: the pieces of a line a container runtime split count apart).
 */
public record RunReport(
    String tracelakeVersion,
    int schemaVersion,
    String runId,
    String date,
    String startedAt,
    String finishedAt,
    String config,
    String warehouse,
    Counts counts,
    Reconstruction reconstruction,
    boolean reconciled,
    List<FileReport> inputs,
    List<StageTime> stages,
    Map<String, String> tables) {

  /** Totals of the run; {@code inputSplits} is how many tasks read the files (large files are split). */
  public record Counts(
      long inputFiles,
      long inputSplits,
      long inputBytes,
      long filesWithErrors,
      long linesRead,
      long events,
      long eventLines,
      long eventsWithTraceId,
      long rejects,
      long rejectLines,
      Map<String, Long> rejectsByReason,
      long spans,
      long traces) {}

  /**
   * What the reconstruction saw: events read from the neighbouring days' margins, traces left to the day
   * their root starts in, and over this day's traces the duplicates dropped, traces truncated, traces
   * whose clocks were corrected, made-up roots, orphan spans and spans whose ids were inferred.
   */
  public record Reconstruction(
      long marginEvents,
      long tracesOfNeighbourDays,
      long duplicateEvents,
      long truncatedTraces,
      long skewAdjustedTraces,
      long syntheticRoots,
      long orphanSpans,
      long inferredSpans) {}

  /** One input file: lines read, what they became, and the error that stopped reading it, if any. */
  public record FileReport(String source, String file, long bytes, long lines, long events, long eventLines,
      long rejects, String error) {}

  public record StageTime(String stage, double seconds) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("run report does not serialise", e);
    }
  }

  public static RunReport fromJson(String json) throws IOException {
    return JSON.readValue(json, RunReport.class);
  }

  /** Writes the report to a Hadoop path (local or remote) and returns where. */
  public String writeTo(String uri, Configuration hadoop) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(hadoop);
    try (OutputStream out = fs.create(path, true)) {
      out.write(toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.write('\n');
    }
    return fs.makeQualified(path).toString();
  }
}
