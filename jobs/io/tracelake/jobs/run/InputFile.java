package io.tracelake.jobs.run;

import java.io.Serializable;

/** One file to read: its URI, its size in bytes and the source it belongs to. */
record InputFile(String uri, long bytes, SourceSettings source) implements Serializable {}
