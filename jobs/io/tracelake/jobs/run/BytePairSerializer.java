package io.tracelake.jobs.run;

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
      ByteBuffer buffer = ByteBuffer.allocate(5 + bytes.length);
      int length = bytes.length;
      while ((length & ~0x7F) != 0) {
        buffer.put((byte) ((length & 0x7F) | 0x80));
        length >>>= 7;
      }
      buffer.put((byte) length);
      buffer.put(bytes);
      buffer.flip();
      return buffer;
    }

    @Override
    public <T> T deserialize(ByteBuffer buffer, ClassTag<T> tag) {
      int length = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = buffer.get();
        length |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      byte[] bytes = new byte[length];
      buffer.get(bytes);
      @SuppressWarnings("unchecked")
      T array = (T) bytes;
      return array;
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
      int n = 0;
      int remaining = bytes.length;
      while ((remaining & ~0x7F) != 0) {
        length[n++] = (byte) ((remaining & 0x7F) | 0x80);
        remaining >>>= 7;
      }
      length[n++] = (byte) remaining;
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
      this.in = in;
    }

    /** The next array; {@link EOFException} at the end of the stream, as Spark's record iterators expect. */
    @Override
    public <T> T readObject(ClassTag<T> tag) {
      try {
        int first = in.read();
        if (first < 0) {
          throw new EOFException();
        }
        int length = first & 0x7F;
        for (int shift = 7, b = first; (b & 0x80) != 0; shift += 7) {
          b = in.read();
          if (b < 0) {
            throw new IOException("the shuffle's stream ends inside a record's length");
          }
          if (shift > 28 || (shift == 28 && (b & 0x7F) > 0x07)) {
            throw new IOException("the shuffle's stream holds a record length over 2 GB: it is not ours or is damaged");
          }
          length |= (b & 0x7F) << shift;
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
        @SuppressWarnings("unchecked")
        T array = (T) bytes;
        return array;
      } catch (EOFException e) {
        throw sneaky(e);
      } catch (IOException e) {
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

  /** Throws a checked exception undeclared: Spark's iterators stop at an EOFException that readObject cannot declare. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
