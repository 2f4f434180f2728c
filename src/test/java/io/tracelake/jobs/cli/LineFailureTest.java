package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole-run failure that a line caused names the file and the line. The line is made to fail the run through a
 * file system whose reader throws an unchecked exception where the file holds "BOOM", as a buggy decoder or
 * connector would: nothing in the parsers lets a line fail the run any more.
 */
class LineFailureTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

  @TempDir
  Path dir;

  /** The local file system under the scheme {@code boom:}, whose streams throw on the bytes "BOOM". */
  public static final class BoomFileSystem extends RawLocalFileSystem {
    @Override
    public String getScheme() {
      return "boom";
    }

    @Override
    public java.net.URI getUri() {
      return java.net.URI.create("boom:///");
    }

    @Override
    public FSDataInputStream open(org.apache.hadoop.fs.Path f, int bufferSize) throws IOException {
      FSDataInputStream inner = super.open(f, bufferSize);
      return new FSDataInputStream(new FSInputStream() {
        @Override
        public void seek(long pos) throws IOException {
          inner.seek(pos);
        }

        @Override
        public long getPos() throws IOException {
          return inner.getPos();
        }

        @Override
        public boolean seekToNewSource(long targetPos) {
          return false;
        }

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = inner.read(b, off, len);
          if (n > 0 && new String(b, off, n, StandardCharsets.ISO_8859_1).contains("BOOM")) {
            throw new IllegalStateException("decoder bug on a line");
          }
          return n;
        }

        @Override
        public void close() throws IOException {
          inner.close();
        }
      });
    }
  }

  @Test
  void aRunThatALineFailsNamesTheFileAndTheLine() throws IOException {
    spark().sparkContext().hadoopConfiguration().set("fs.boom.impl", BoomFileSystem.class.getName());
    spark().sparkContext().hadoopConfiguration().setBoolean("fs.boom.impl.disable.cache", true);
    Path logs = Files.createDirectories(dir.resolve("logs"));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 200_000; i++) { // past the first read, so the lines before the failure are read first
      text.append("{\"@timestamp\":\"").append(DAY).append("T10:00:00Z\",\"message\":\"fine ").append(i).append("\"}\n");
    }
    text.append("{\"@timestamp\":\"").append(DAY).append("T10:00:00Z\",\"message\":\"BOOM\"}\n");
    Files.writeString(logs.resolve("app.log"), text);
    Files.writeString(dir.resolve("tracelake.yaml"), "warehouse: " + dir.resolve("warehouse") + "\nsources:\n"
        + "  - {name: app, format: logstash-json, paths: [\"boom://" + logs + "/*.log\"], service: {value: app}}\n");

    Throwable failure = catchThrowable(() -> new NightlyJob(spark(), ConfigLoader.load(dir.resolve("tracelake.yaml")))
        .run(DAY));

    String message = TracelakeCommand.rootMessage(failure);
    assertThat(message).contains("app.log: line ").contains("IllegalStateException: decoder bug on a line")
        .doesNotContain("\n");
    long line = Long.parseLong(message.replaceAll(".*app\\.log: line (\\d+).*", "$1"));
    assertThat(line).isBetween(1L, 200_001L);
  }
}
