package io.tracelake.jobs.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What one run of the nightly job read, wrote and how long each stage took; written as JSON next to
 * the tables and summarised on the console. {@code reconciled} is true when every line read is in the
 * written tables: as an event ({@code line_count}: an event spans several lines when a stack trace was folded into
 * it) or as a reject ({@code line_count}: the pieces of a line a container runtime split count apart), counted from
 * the files the run committed ({@link Reconciliation}), not from the parser's counters.
 *
 * <p>Every run writes one, a failed run included: {@code outcome} says how it ended ({@link Outcome}),
 * {@code error} why it failed, {@code warnings} what was skipped (an optional source without a file),
 * {@code aggregates} the rows written per aggregate table, {@code redaction} what was redacted. A failed run has no
 * counts.
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
    Rebuild rebuild,
    boolean reconciled,
    List<FileReport> inputs,
    List<StageTime> stages,
    Map<String, String> tables,
    String outcome,
    String error,
    List<String> warnings,
    Map<String, Long> aggregates,
    Reconciliation reconciliation,
    Redaction redaction) {

  /** How a run ended, as its report's {@code outcome} says it. */
  public enum Outcome {
    /** The nightly tables are written, the aggregates not (only in reports of tracelake before schema 7). */
    TABLES_WRITTEN,
    /** Tables and aggregates written from every file of the day. */
    SUCCEEDED,
    /** Tables and aggregates written, but a file could not be read to its end (exit code 3). */
    INPUT_ERRORS,
    /** Nothing written: a source had no file for the day, or its path could not be listed (exit code 3). */
    MISSING_INPUT,
    /** Nothing written, or not all of it: the run failed (exit code 1). */
    FAILED,
    /**
     * The lines in the written events and rejects tables are not the lines read: the day is not switched to this
     * run (its tables are deleted; the previous run of the day stays), exit code 6.
     */
    NOT_RECONCILED;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Outcome of(String key) {
      return key == null ? null : valueOf(key.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** The report of a run that failed before it wrote its tables. */
  public static RunReport failed(String runId, String date, String startedAt, String finishedAt, String config,
      String warehouse, Outcome outcome, String error, List<StageTime> stages, List<String> warnings) {
    return new RunReport(Version.current(), io.tracelake.model.schema.Tables.SCHEMA_VERSION, runId, date, startedAt,
        finishedAt, config, warehouse, null, null, false, List.of(), stages, Map.of(), outcome.key(), error,
        warnings, Map.of(), null, null);
  }

  /** The same report, with the run's end: its aggregates (when they were written), outcome and error. */
  public RunReport finished(String finishedAt, Map<String, Long> aggregates, Outcome outcome, String error) {
    return new RunReport(tracelakeVersion, schemaVersion, runId, date, startedAt, finishedAt, config, warehouse,
        counts, rebuild, reconciled, inputs, stages, tables, outcome.key(), error, warnings, aggregates,
        reconciliation, redaction);
  }

  /** Where a day's run reports are: {@code <warehouse>/_runs/dt=<day>}. */
  public static String directory(String warehouse, java.time.LocalDate date) {
    return warehouse + "/_runs/dt=" + date;
  }

  /** Where this report is written under the warehouse. */
  public String path() {
    return directory(warehouse, java.time.LocalDate.parse(date)) + "/" + runId + ".json";
  }

  /** Wall time of the run, from its start to its end. */
  public double seconds() {
    if (startedAt == null || finishedAt == null) {
      return 0;
    }
    return java.time.Duration.between(java.time.Instant.parse(startedAt), java.time.Instant.parse(finishedAt))
        .toMillis() / 1e3;
  }

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
   * What the rebuild saw: events read from the neighbouring days' margins, traces left to the day
   * their root starts in, and over this day's traces the duplicates dropped, traces truncated, traces
   * whose clocks were corrected, made-up roots, orphan spans and spans whose ids were inferred.
   */
  public record Rebuild(
      long marginEvents,
      long tracesOfNeighbourDays,
      long duplicateEvents,
      long truncatedTraces,
      long skewAdjustedTraces,
      long syntheticRoots,
      long orphanSpans,
      long inferredSpans,
      /** The day's service calls the rebuild used: per called service, its callers (model/SCHEMA.md). */
      Map<String, Set<String>> serviceCalls,
      /** The day's mentions the rebuild used: per service, the services whose lines name it. */
      Map<String, Set<String>> serviceMentions) {}

  /**
   * The two figures {@code reconciled} compares: lines read (the parse tasks' count of the input's lines) and the
   * lines of the events and rejects tables counted from the files the run committed (the sum of their
   * {@code line_count}), with those tables' rows.
   */
  public record Reconciliation(long linesRead, long linesInTables, long eventLinesInTable, long rejectLinesInTable,
      long eventsInTable, long rejectsInTable) {}

  /**
   * What was redacted before anything was written: the mode ({@code mask}, {@code hmac_sha256}, {@code off}, or
   * {@code mixed} when sources differ), values replaced by rule, and the entries (events and rejects) that had any.
   */
  public record Redaction(String mode, Map<String, Long> byRule, long entriesChanged) {}

  /** One input file: lines read, what they became, and the error that stopped reading it, if any. */
  public record FileReport(String source, String file, long bytes, long lines, long events, long eventLines,
      long rejects, String error) {}

  public record StageTime(String stage, double seconds) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      // a report written by a later version (more fields) is still read by status
      .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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

  /** Writes the report to a Hadoop path (local or remote), whole or not at all, and returns where. */
  public String writeTo(String uri, Configuration hadoop) throws IOException {
    Path path = new Path(uri);
    io.tracelake.jobs.warehouse.AtomicFile.write(path, (toJson() + "\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8), hadoop, () -> { });
    return path.getFileSystem(hadoop).makeQualified(path).toString();
  }
}
