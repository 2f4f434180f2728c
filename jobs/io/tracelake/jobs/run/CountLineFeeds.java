package io.tracelake.jobs.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Spark function: the line feeds in one split's bytes. Their running sum over a file's splits tells
 * each split the number of its first line, and their total the file's line count, which the parsed
 * entries must add up to.
 */
final class CountLineFeeds implements Function<InputFile, CountLineFeeds.Counted> {
  private static final long serialVersionUID = 1L;

  /** Line feeds in {@code [start, end)} of a file, and whether the byte before {@code end} is one. */
  record Counted(String uri, long start, long end, long lineFeeds, boolean endsWithLineFeed) implements Serializable {}

  private final SerializableConfiguration hadoop;

  CountLineFeeds(SerializableConfiguration hadoop) {
    this.hadoop = hadoop;
  }

  @Override
  public Counted call(InputFile split) {
    long count = 0;
    int last = -1;
    byte[] buffer = new byte[256 * 1024];
    try (InputStream in = CompressedInput.openAt(split.uri(), split.start(), hadoop.value())) {
      long remaining = split.splitBytes();
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            count++;
          }
        }
        last = n > 0 ? buffer[n - 1] : last;
        remaining -= n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot count the lines of " + split.uri() + ": " + e.getMessage(), e);
    }
    return new Counted(split.uri(), split.start(), split.end(), count, last == '\n');
  }
}
