package io.tracelake.simulator;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/** How generated log files are compressed, and the file name suffix that says so. */
public enum Compression {
  NONE(""),
  GZIP(".gz"),
  BZIP2(".bz2"),
  ZSTD(".zst");

  private static final int ZSTD_LEVEL = 3;
  private static final int GZIP_BUFFER_BYTES = 1 << 16;

  private final String suffix;

  Compression(String suffix) {
    this.suffix = suffix;
  }

  /** The suffix a log file name gets after {@code .log}: empty for NONE, else e.g. {@code .gz}. */
  public String suffix() {
    return suffix;
  }

  /** A stream that compresses into {@code out}; closing it closes {@code out}. */
  OutputStream compressInto(OutputStream out) throws IOException {
    switch (this) {
      case NONE:
        return out;
      case GZIP:
        return new GZIPOutputStream(out, GZIP_BUFFER_BYTES);
      case BZIP2:
        return new BZip2CompressorOutputStream(out);
      case ZSTD:
        return new ZstdOutputStream(out, ZSTD_LEVEL);
      default:
        throw new IllegalStateException("unhandled compression " + this);
    }
  }
}
