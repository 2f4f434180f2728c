package io.tracelake.simulator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Where the log files of each instance go: {@code <logs>/<day>/<service>/<instance>.log<suffix>}, the
 * access log in {@code access/} below that, and the lines a shipper sent twice in
 * {@code <instance>-resent.log<suffix>} next to the log. Directories are made when a file is opened.
 */
final class LogFiles {
  static final String RESENT_SUFFIX = "-resent";
  private static final int FILE_BUFFER_BYTES = 1 << 16;

  private final Path logsDirectory;
  private final Compression compression;

  LogFiles(Path logsDirectory, Compression compression) {
    this.logsDirectory = logsDirectory;
    this.compression = compression;
  }

  Path dayDirectory(LocalDate day) {
    return logsDirectory.resolve(day.toString());
  }

  Path app(LocalDate day, Host host) throws IOException {
    return serviceDirectory(day, host).resolve(host.instance() + ".log" + compression.suffix());
  }

  Path resent(LocalDate day, Host host) throws IOException {
    return serviceDirectory(day, host).resolve(host.instance() + RESENT_SUFFIX + ".log" + compression.suffix());
  }

  Path access(LocalDate day, Host host) throws IOException {
    return Files.createDirectories(serviceDirectory(day, host).resolve(InstanceLogs.ACCESS_DIRECTORY))
        .resolve(host.instance() + ".log" + compression.suffix());
  }

  /** A new file, compressed as chosen; closing the stream finishes it. */
  OutputStream open(Path file) throws IOException {
    return compression.compressInto(new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER_BYTES));
  }

  private Path serviceDirectory(LocalDate day, Host host) throws IOException {
    return Files.createDirectories(dayDirectory(day).resolve(host.service()));
  }
}
