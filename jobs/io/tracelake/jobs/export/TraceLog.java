package io.tracelake.jobs.export;

/** One event of a trace, as the waterfall's log section prints it; {@code tsUs} in epoch microseconds. */
public record TraceLog(long tsUs, String level, String service, String instance, String message, String spanId,
    String exceptionType, String exceptionMessage, String sourceFile, long lineNumber) {}
