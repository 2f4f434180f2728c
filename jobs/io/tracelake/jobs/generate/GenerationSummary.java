package io.tracelake.jobs.generate;

import java.nio.file.Path;

/**
 * What one {@link LogSimulator} run wrote: counts, the ground-truth spans file and the tracelake
 * config that reads the generated logs.
 *
 * @param logFiles log files written, one per service instance (some may be empty for tiny runs)
 */
public record GenerationSummary(
    int requests,
    int traces,
    long spans,
    long logLines,
    int logFiles,
    Path truthFile,
    Path configFile) {}
