package io.tracelake.jobs.run;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/** Log files outside a Spark job (the parse-test command): open one, find the first of a glob. */
public final class LogFileInput {

  private LogFileInput() {}

  /** Opens a local path or Hadoop URI, decompressed by its extension. */
  public static InputStream open(String uri) throws IOException {
    try {
      return CompressedInput.open(uri, new Configuration());
    } catch (java.io.FileNotFoundException e) {
      throw new InputException(uri + ": no such file");
    }
  }

  /** The first file (by name) a path or glob matches, or null. */
  public static String firstMatch(String glob) {
    try {
      Path path = new Path(glob);
      FileStatus[] matches = path.getFileSystem(new Configuration()).globStatus(path);
      if (matches == null) {
        return null;
      }
      return java.util.Arrays.stream(matches).filter(FileStatus::isFile).map(s -> s.getPath().toString()).sorted()
          .findFirst().orElse(null);
    } catch (IOException e) {
      throw new InputException("cannot list " + glob + ": " + e.getMessage());
    }
  }
}
