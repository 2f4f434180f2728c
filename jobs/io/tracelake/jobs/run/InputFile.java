package io.tracelake.jobs.run;

import java.io.Serializable;

/**
 * What one task reads: a whole file, or a split of a large uncompressed one (the lines that start in
 * {@code [start, end)}), with the source it belongs to.
 *
 * @param bytes the file's size
 * @param newlinesBefore line feeds in the file before {@code start}, so the split numbers its lines
 */
record InputFile(String uri, long bytes, SourceSettings source, long start, long end, long newlinesBefore)
    implements Serializable {

  static InputFile whole(String uri, long bytes, SourceSettings source) {
    return new InputFile(uri, bytes, source, 0, bytes, 0);
  }

  boolean isSplit() {
    return start > 0 || end < bytes;
  }

  long splitBytes() {
    return end - start;
  }

  InputFile withNewlinesBefore(long count) {
    return new InputFile(uri, bytes, source, start, end, count);
  }
}
