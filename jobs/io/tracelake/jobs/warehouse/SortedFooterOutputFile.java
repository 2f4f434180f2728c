package io.tracelake.jobs.warehouse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SortingColumn;
import org.apache.parquet.format.Util;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output file whose footer says, for every row group, the columns its rows are sorted by (the format's
 * {@code RowGroup.sorting_columns}), so that engines and readers know the file is sorted without reading it.
 * parquet-java 1.13, the version Spark 3.5 ships, has no way to set them (its {@code BlockMetaData} has none),
 * so the file's last bytes are held back while it is written, and on close the footer is decoded, given the
 * sorting columns and encoded again. Nothing before the footer moves: every offset the footer holds stays
 * true. A footer larger than the bytes held back is written as it came, without sorting columns; so is the file
 * of an encrypted footer (magic {@code PARE}), which a reader could no longer decrypt. Files with a plaintext
 * footer and encrypted columns are not given to this class: the footer's signature covers its bytes.
 */
final class SortedFooterOutputFile extends WrappingOutputFile {
  /** Bytes held back at the end of the file: far more than the footer of any file the tables write. */
  static final int HELD_BYTES = 8 << 20;
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private final List<SortingColumn> sortingColumns;

  /** @param sortingColumns the leaf-column indexes and directions every row group's rows are sorted by */
  SortedFooterOutputFile(OutputFile file, List<SortingColumn> sortingColumns) {
    super(file);
    this.sortingColumns = List.copyOf(sortingColumns);
  }

  @Override
  PositionOutputStream wrap(PositionOutputStream stream) {
    return new HoldingStream(stream);
  }

  /** Passes bytes on once more than {@link #HELD_BYTES} follow them; rewrites the footer among the held ones on close. */
  private final class HoldingStream extends PositionOutputStream {
    private final PositionOutputStream out;
    private byte[] held = new byte[64 << 10];
    private int heldLength;
    private long passedOn;
    private boolean closed;

    HoldingStream(PositionOutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return passedOn + heldLength;
    }

    @Override
    public void write(int b) throws IOException {
      if (heldLength == held.length) {
        makeRoom(1);
      }
      held[heldLength++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      if (len > HELD_BYTES) { // all but the last HELD_BYTES of it go straight on, after what is held
        passOn(heldLength);
        int direct = len - HELD_BYTES;
        out.write(bytes, off, direct);
        passedOn += direct;
        off += direct;
        len = HELD_BYTES;
      }
      if (heldLength + len > held.length) {
        makeRoom(len);
      }
      System.arraycopy(bytes, off, held, heldLength, len);
      heldLength += len;
    }

    /**
     * Room for {@code len} more bytes (at most {@link #HELD_BYTES}): the buffer grows up to twice the bytes held
     * back, and once full passes on all but the last {@link #HELD_BYTES} in one go, so that each byte is copied
     * about once on its way.
     */
    private void makeRoom(int len) throws IOException {
      if (held.length < 2 * HELD_BYTES) {
        held = Arrays.copyOf(held, Math.min(2 * HELD_BYTES, Math.max(2 * held.length, heldLength + len)));
      }
      if (heldLength + len > held.length) {
        passOn(heldLength + len - HELD_BYTES);
      }
    }

    /** Writes the oldest {@code count} held bytes to the file. */
    private void passOn(int count) throws IOException {
      out.write(held, 0, count);
      System.arraycopy(held, count, held, 0, heldLength - count);
      heldLength -= count;
      passedOn += count;
    }

    @Override
    public void flush() throws IOException {
      out.flush(); // held bytes stay held: they may be the footer
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        int footerEnd = heldLength - 8;
        int footerLength = footerEnd < 0 ? -1 : littleEndianInt(held, footerEnd);
        int footerStart = footerEnd - footerLength;
        if (footerLength <= 0 || footerStart < 0 || sortingColumns.isEmpty()
            || !Arrays.equals(held, heldLength - 4, heldLength, MAGIC, 0, 4)) {
          out.write(held, 0, heldLength);
          return;
        }
        FileMetaData footer = Util.readFileMetaData(new ByteArrayInputStream(held, footerStart, footerLength));
        for (RowGroup rowGroup : footer.getRow_groups()) {
          rowGroup.setSorting_columns(sortingColumns);
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream(footerLength + 64);
        Util.writeFileMetaData(footer, encoded);
        out.write(held, 0, footerStart);
        encoded.writeTo(out);
        int length = encoded.size();
        out.write(new byte[] {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)});
        out.write(MAGIC);
      } finally {
        out.close();
      }
    }

    private int littleEndianInt(byte[] bytes, int at) {
      return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24;
    }
  }
}
