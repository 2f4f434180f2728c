package io.tracelake.jobs.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local file system tracelake's sessions use gives files, checksum files and directories Hadoop's modes. */
class PosixLocalFileSystemTest {

  @TempDir
  Path dir;

  /** A file system of its own (not Hadoop's cached one for the scheme) made from {@code hadoop}. */
  private static FileSystem local(Configuration hadoop) throws IOException {
    return FileSystem.newInstance(URI.create("file:///"), hadoop);
  }

  private String mode(String name) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)));
  }

  @Test
  void filesAndDirectoriesGetTheUmasksModes() throws IOException {
    Configuration hadoop = new Configuration(false);
    PosixLocalFileSystem.use(hadoop);
    hadoop.set(OutputMode.UMASK_KEY, "027");
    try (FileSystem fs = local(hadoop)) {
      assertThat(fs).isInstanceOf(PosixLocalFileSystem.class);
      org.apache.hadoop.fs.Path day = new org.apache.hadoop.fs.Path(dir.toUri().toString(), "events/dt=2026-11-20");
      assertThat(OutputMode.mkdirs(fs, day, hadoop)).isTrue();
      try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(day, "part-0.parquet"))) {
        out.write(new byte[] {1, 2, 3});
      }
    }
    assertThat(mode("events")).isEqualTo("rwxr-x---");
    assertThat(mode("events/dt=2026-11-20")).isEqualTo("rwxr-x---");
    assertThat(mode("events/dt=2026-11-20/part-0.parquet")).isEqualTo("rw-r-----");
    assertThat(mode("events/dt=2026-11-20/.part-0.parquet.crc")).isEqualTo("rw-r-----");
  }

  @Test
  void aModeIsSetAsGivenAndAMissingFileIsAnError() throws IOException {
    Configuration hadoop = new Configuration(false);
    PosixLocalFileSystem.use(hadoop);
    Files.writeString(dir.resolve("report.json"), "{}");
    try (FileSystem fs = local(hadoop)) {
      org.apache.hadoop.fs.Path report = new org.apache.hadoop.fs.Path(dir.resolve("report.json").toUri());
      fs.setPermission(report, new FsPermission((short) 0640));
      assertThat(mode("report.json")).isEqualTo("rw-r-----");
      fs.setPermission(report, new FsPermission((short) 0604));
      assertThat(mode("report.json")).isEqualTo("rw----r--");
      assertThatThrownBy(() -> fs.setPermission(new org.apache.hadoop.fs.Path(dir.resolve("gone").toUri()),
          new FsPermission((short) 0600))).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aFileSystemTheConfigurationNamesAlreadyStays() {
    Configuration hadoop = new Configuration(false);
    hadoop.set(PosixLocalFileSystem.IMPL_KEY, "org.apache.hadoop.fs.LocalFileSystem");
    PosixLocalFileSystem.use(hadoop);
    assertThat(hadoop.get(PosixLocalFileSystem.IMPL_KEY)).isEqualTo("org.apache.hadoop.fs.LocalFileSystem");
  }
}
