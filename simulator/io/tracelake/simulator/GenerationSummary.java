package io.tracelake.simulator;

import java.nio.file.Path;

/**
 * What one {@link LogSimulator} run wrote: counts, the ground-truth spans file and the tracelake
 * config that reads the generated logs.
 *
 * @param requests the day's own requests, as asked for
 * @param traces every request simulated: the day's, those across either midnight and the giant one
 * @param logLines physical lines in all log files, access logs included: a stack trace line, a blank
 *     line of Spring Boot's exception layout and each partial piece of a line split by a container
 *     runtime count one each
 * @param logEntries log entries, i.e. the events a parser should make of the lines: a stack trace is
 *     part of its entry and the pieces of a split line form one; {@code logLines - logEntries} lines are
 *     thus folded into the entry before them, besides the lines of entries written twice, which count
 *     once as entries
 * @param logFiles log files written: one per service instance, and one per instance of a service that
 *     writes an access log (some may be empty for tiny runs); with a scenario, also those of the days
 *     before and after and those of entries sent twice
 */
public record GenerationSummary(
    int requests,
    int traces,
    long spans,
    long logLines,
    long logEntries,
    int logFiles,
    Path truthFile,
    Path configFile) {}
