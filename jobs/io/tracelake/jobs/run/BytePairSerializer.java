package io.tracelake.jobs.run;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;

/**
 * The shuffle's serializer: its records are two byte arrays (an event's key and value, {@link EventRecords}), so
 * each array is written as its length (a varint) and its bytes. Java serialization, Spark's default, wrapped every
 * array in an object stream's type codes and wrote the array's class again after every hundred records; reading
 * went through the object stream's class lookups, and the object streams' own code was among the hottest the JIT
 * compiled. A record stands alone (no stream header, no back references), so records can be moved as bytes.
 */
final class BytePairSerializer extends Serializer implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The reader's buffer: Spark's shuffle file buffer size. */
  private static final int BUFFER_BYTES = 32 << 10;

  @Override
  public SerializerInstance newInstance() {
    return new Instance();
  }

  @Override
  public boolean supportsRelocationOfSerializedObjects() {
    return true;
  }

  private static final class Instance extends SerializerInstance {
    @Override
    public <T> ByteBuffer serialize(T array, ClassTag<T> tag) {
      byte[] bytes = (byte[]) array;
      byte[] record = new byte[5 + bytes.length];
      int at = putLength(record, bytes.length);
      System.arraycopy(bytes, 0, record, at, bytes.length);
      return ByteBuffer.wrap(record, 0, at + bytes.length);
    }

    @Override
    public <T> T deserialize(ByteBuffer buffer, ClassTag<T> tag) {
      try {
        int length = 0;
        for (int shift = 0, b = 0x80; (b & 0x80) != 0; shift += 7) {
          b = buffer.get();
          length = lengthWith(length, shift, b);
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return cast(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }

    @Override
    public <T> T deserialize(ByteBuffer buffer, ClassLoader loader, ClassTag<T> tag) {
      return deserialize(buffer, tag);
    }

    @Override
    public SerializationStream serializeStream(OutputStream out) {
      return new Writer(out);
    }

    @Override
    public DeserializationStream deserializeStream(InputStream in) {
      return new Reader(in);
    }
  }

  private static final class Writer extends SerializationStream {
    private final OutputStream out;
    private final byte[] length = new byte[5];

    Writer(OutputStream out) {
      this.out = out;
    }

    @Override
    public <T> SerializationStream writeObject(T array, ClassTag<T> tag) {
      byte[] bytes = (byte[]) array;
      int n = putLength(length, bytes.length);
      try {
        out.write(length, 0, n);
        out.write(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write a shuffled event", e);
      }
      return this;
    }

    @Override
    public void flush() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write a shuffled event", e);
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the shuffle's output", e);
      }
    }
  }

  /**
   * Reads records through a buffer of its own: a record's length is read a byte at a time, which through a
   * {@link BufferedInputStream} (Spark's shuffle streams have none of their own under compression) took its lock
   * at every byte, and the arrays are copied out of the buffer whole.
   */
  private static final class Reader extends DeserializationStream {
    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;

    Reader(InputStream in) {
      this.in = in;
    }

    @Override
    public <T> T readObject(ClassTag<T> tag) {
      return cast(read(true));
    }

    @Override
    public <T> T readKey(ClassTag<T> tag) {
      return cast(read(true));
    }

    @Override
    public <T> T readValue(ClassTag<T> tag) {
      return cast(read(false));
    }

    /**
     * The next array. Spark's record iterators stop at an {@link EOFException}; only the stream's end where a record
     * may begin is that end. An end anywhere else, between a key and its value too, is damage and an error: read
     * as an end, it would drop the records after it without a word.
     */
    private byte[] read(boolean recordMayBegin) {
      int first;
      try {
        first = nextByte();
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      if (first < 0 && recordMayBegin) {
        throw sneaky(new EOFException()); // outside the try below, which would take it for damage
      }
      try {
        if (first < 0) {
          throw new IOException("the shuffle's stream ends between a record's key and its value");
        }
        int length = first & 0x7F;
        for (int shift = 7, b = first; (b & 0x80) != 0; shift += 7) {
          b = nextByte();
          if (b < 0) {
            throw new IOException("the shuffle's stream ends inside a record's length");
          }
          length = lengthWith(length, shift, b);
        }
        byte[] bytes = new byte[length];
        int buffered = Math.min(length, limit - position);
        System.arraycopy(buffer, position, bytes, 0, buffered);
        position += buffered;
        int read = buffered;
        while (read < length) {
          if (length - read >= buffer.length) {
            // the rest of a long record straight into its array
            int n = in.read(bytes, read, length - read);
            if (n < 0) {
              throw endInside(read, length);
            }
            read += n;
          } else {
            if (!fill()) {
              throw endInside(read, length);
            }
            int n = Math.min(length - read, limit);
            System.arraycopy(buffer, 0, bytes, read, n);
            position = n;
            read += n;
          }
        }
        return bytes;
      } catch (IOException e) {
        // the underlying stream's own EOFException too: a cut block, not the end of the records
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }

    private static IOException endInside(int read, int length) {
      return new IOException("the shuffle's stream ends inside a record (" + read + " of " + length + " bytes)");
    }

    /** The next byte, or -1 at the stream's end. */
    private int nextByte() throws IOException {
      if (position == limit && !fill()) {
        return -1;
      }
      return buffer[position++] & 0xFF;
    }

    /** Refills the empty buffer from the stream; false at its end. */
    private boolean fill() throws IOException {
      int n;
      do {
        n = in.read(buffer, 0, buffer.length);
      } while (n == 0);
      position = 0;
      limit = Math.max(n, 0);
      return n > 0;
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the shuffle's input", e);
      }
    }
  }

  /** Writes {@code length} as a varint at the start of {@code into} (room for 5 bytes); returns its byte count. */
  private static int putLength(byte[] into, int length) {
    int n = 0;
    while ((length & ~0x7F) != 0) {
      into[n++] = (byte) ((length & 0x7F) | 0x80);
      length >>>= 7;
    }
    into[n++] = (byte) length;
    return n;
  }

  /** A varint length with its byte {@code b} at {@code shift} added; a length no array can have is refused. */
  private static int lengthWith(int length, int shift, int b) throws IOException {
    if (shift > 28 || (shift == 28 && (b & 0x7F) > 0x07)) {
      throw new IOException("the shuffle's stream holds a record length over 2 GB: it is not ours or is damaged");
    }
    return length | (b & 0x7F) << shift;
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(byte[] array) {
    return (T) array;
  }

  /** Throws a checked exception undeclared: Spark's iterators stop at an EOFException that readObject cannot declare. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
