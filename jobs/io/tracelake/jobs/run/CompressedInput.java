package io.tracelake.jobs.run;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import io.tracelake.jobs.warehouse.PosixLocalFileSystem;
import io.tracelake.parsers.compression.GzipMembersInputStream;
import io.tracelake.parsers.compression.KeepDecodedInputStream;
import java.util.Locale;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Opens a log file through Hadoop and decompresses it by its extension (.gz, .bz2, .zst).
 *
 * <p>zstd and bzip2 go through commons-compress (zstd-jni underneath), which ship with Spark: Hadoop's
 * zstd codec needs a native libhadoop built with zstd; bzip2 through {@link KeepDecodedInputStream}, so a
 * truncated archive keeps what was decoded. gzip goes through {@link GzipMembersInputStream}, which reads every
 * member of a concatenated file ({@code cat a.gz b.gz}) and fails with the byte offset on a damaged or truncated
 * member or trailing bytes, after handing out what it inflated: the JDK's stream dropped such data silently.
 *
 * <p>Decompressed streams are not buffered again: a buffer that reads ahead would drop the bytes it
 * holds when the archive fails under it. {@link io.tracelake.parsers.LineReader} reads in chunks anyway.
 */
final class CompressedInput {

  private static final int BUFFER = 256 * 1024;

  private CompressedInput() {}

  /** Whether the file is decompressed when read, and so can only be read from its start. */
  static boolean isCompressed(String uri) {
    String name = new Path(uri).getName().toLowerCase(Locale.ROOT);
    return name.endsWith(".gz") || name.endsWith(".gzip") || name.endsWith(".bz2") || name.endsWith(".zst")
        || name.endsWith(".zstd");
  }

  /** An uncompressed file from byte {@code offset} on. */
  static InputStream openAt(String uri, long offset, Configuration hadoop) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = fileSystem(path, hadoop);
    InputStream direct = direct(fs, path, offset, hadoop);
    if (direct != null) {
      return direct;
    }
    org.apache.hadoop.fs.FSDataInputStream in = fs.open(path);
    try {
      in.seek(offset);
      return new BufferedInputStream(in, BUFFER);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * The file system to read {@code path} from; on local disk the raw one: the checksummed local file system looks
   * for a {@code .name.crc} beside each file, which logs never have, and fails to even name it for a file with a
   * ':' in its name.
   */
  private static FileSystem fileSystem(Path path, Configuration hadoop) throws IOException {
    FileSystem fs = path.getFileSystem(hadoop);
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }

  /**
   * A local file read past the page cache ({@link DirectFileInput}) unless {@link DirectFileInput#ENABLED_KEY} is
   * false; null for other file systems (a subclass of the local one too: it may read differently) and where the
   * local one refuses.
   */
  private static InputStream direct(FileSystem fs, Path path, long offset, Configuration hadoop) {
    if ((fs.getClass() != RawLocalFileSystem.class && fs.getClass() != PosixLocalFileSystem.Raw.class)
        || !hadoop.getBoolean(DirectFileInput.ENABLED_KEY, true)) {
      return null;
    }
    return DirectFileInput.open(((RawLocalFileSystem) fs).pathToFile(path).toPath(), offset);
  }

  static InputStream open(String uri, Configuration hadoop) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = fileSystem(path, hadoop);
    InputStream direct = direct(fs, path, 0, hadoop);
    InputStream raw = direct != null ? direct : new BufferedInputStream(fs.open(path), BUFFER);
    try {
      String name = path.getName().toLowerCase(Locale.ROOT);
      if (name.endsWith(".gz") || name.endsWith(".gzip")) {
        return new GzipMembersInputStream(raw);
      } else if (name.endsWith(".bz2")) {
        return new KeepDecodedInputStream(new BZip2CompressorInputStream(raw, true));
      } else if (name.endsWith(".zst") || name.endsWith(".zstd")) {
        return new ZstdCompressorInputStream(raw);
      }
      return raw;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }
}
