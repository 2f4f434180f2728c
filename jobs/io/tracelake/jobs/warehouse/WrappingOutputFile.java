package io.tracelake.jobs.warehouse;

import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** An output file that is another one with something around the stream it opens. */
abstract class WrappingOutputFile implements OutputFile {
  final OutputFile file;

  WrappingOutputFile(OutputFile file) {
    this.file = file;
  }

  /** What writers get instead of the stream {@code file} opened. */
  abstract PositionOutputStream wrap(PositionOutputStream stream) throws IOException;

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return wrap(file.create(blockSizeHint));
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return wrap(file.createOrOverwrite(blockSizeHint));
  }

  @Override
  public boolean supportsBlockSize() {
    return file.supportsBlockSize();
  }

  @Override
  public long defaultBlockSize() {
    return file.defaultBlockSize();
  }

  @Override
  public String getPath() {
    return file.getPath();
  }
}
