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
  /** The read buffer of a stream that has none: Spark's shuffle file buffer size. */
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

  private static final class Reader extends DeserializationStream {
    private final InputStream in;

    Reader(InputStream in) {
      // a record is read a byte at a time up to its length: on a stream without a buffer of its own (shuffle
      // compression off, spark.shuffle.compress=false) each would be a read from the file
      this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, BUFFER_BYTES);
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
        first = in.read();
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
          b = in.read();
          if (b < 0) {
            throw new IOException("the shuffle's stream ends inside a record's length");
          }
          length = lengthWith(length, shift, b);
        }
        byte[] bytes = new byte[length];
        int read = 0;
        while (read < length) {
          int n = in.read(bytes, read, length - read);
          if (n < 0) {
            throw new IOException("the shuffle's stream ends inside a record (" + read + " of " + length + " bytes)");
          }
          read += n;
        }
        return bytes;
      } catch (IOException e) {
        // the underlying stream's own EOFException too: a cut block, not the end of the records
        throw new UncheckedIOException(e.getMessage(), e);
      }
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
