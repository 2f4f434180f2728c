package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

class BytePairSerializerTest {
  private static final ClassTag<byte[]> BYTES = ClassTag$.MODULE$.apply(byte[].class);

  @Test
  void pairsComeBackAsTheyWereWrittenAndTheStreamEndsCleanly() {
    Random random = new Random(7);
    List<byte[][]> pairs = new ArrayList<>();
    for (int length : new int[] {0, 1, 127, 128, 16_383, 16_384, 300_000}) {
      byte[] key = new byte[length];
      byte[] value = new byte[length / 2 + 3];
      random.nextBytes(key);
      random.nextBytes(value);
      pairs.add(new byte[][] {key, value});
    }
    SerializerInstance serializer = new BytePairSerializer().newInstance();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SerializationStream writer = serializer.serializeStream(out);
    for (byte[][] pair : pairs) {
      writer.writeKey(pair[0], BYTES);
      writer.writeValue(pair[1], BYTES);
    }
    writer.close();

    DeserializationStream reader = serializer.deserializeStream(new ByteArrayInputStream(out.toByteArray()));
    Iterator<Tuple2<Object, Object>> read = reader.asKeyValueIterator();
    for (byte[][] pair : pairs) {
      assertThat(read.hasNext()).isTrue();
      Tuple2<Object, Object> record = read.next();
      assertThat((byte[]) record._1()).isEqualTo(pair[0]);
      assertThat((byte[]) record._2()).isEqualTo(pair[1]);
    }
    assertThat(read.hasNext()).isFalse();
    // the stream holds nothing but lengths and bytes: records can be moved and concatenated as bytes
    assertThat(out.size()).isEqualTo(pairs.stream().mapToInt(p -> varintSize(p[0].length) + p[0].length
        + varintSize(p[1].length) + p[1].length).sum());
  }

  @Test
  void aStreamWithoutABufferIsNotReadAByteAtATime() {
    SerializerInstance serializer = new BytePairSerializer().newInstance();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SerializationStream writer = serializer.serializeStream(out);
    for (int i = 0; i < 1_000; i++) {
      writer.writeKey(new byte[] {(byte) i, 1, 2}, BYTES);
      writer.writeValue(new byte[200], BYTES);
    }
    writer.close();
    // as a shuffle file is read when shuffle compression is off: every read call would be a system call
    int[] reads = {0};
    InputStream file = new FilterInputStream(new ByteArrayInputStream(out.toByteArray())) {
      @Override
      public int read() throws IOException {
        reads[0]++;
        return super.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        reads[0]++;
        return super.read(b, off, len);
      }
    };

    Iterator<Tuple2<Object, Object>> read = serializer.deserializeStream(file).asKeyValueIterator();
    int records = 0;
    while (read.hasNext()) {
      read.next();
      records++;
    }

    assertThat(records).isEqualTo(1_000);
    assertThat(reads[0]).as("reads of %d bytes", out.size()).isLessThan(out.size() / 8192 + 5);
  }

  @Test
  void aStreamThatGivesAFewBytesAtATimeReadsBackWhole() {
    Random random = new Random(11);
    SerializerInstance serializer = new BytePairSerializer().newInstance();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SerializationStream writer = serializer.serializeStream(out);
    List<byte[]> arrays = new ArrayList<>();
    for (int length : new int[] {3, 40_000, 0, 200, 70_000, 1}) {
      byte[] array = new byte[length];
      random.nextBytes(array);
      arrays.add(array);
      writer.writeObject(array, BYTES);
    }
    writer.close();
    // a decompressing stream hands out what one block holds: reads end anywhere, inside a length too
    InputStream trickle = new FilterInputStream(new ByteArrayInputStream(out.toByteArray())) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 7));
      }
    };

    Iterator<Object> read = serializer.deserializeStream(trickle).asIterator();
    for (byte[] array : arrays) {
      assertThat((byte[]) read.next()).isEqualTo(array);
    }
    assertThat(read.hasNext()).isFalse();
  }

  @Test
  void aStreamCutInsideARecordIsAnErrorThatSaysSoNotAnEnd() {
    SerializerInstance serializer = new BytePairSerializer().newInstance();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SerializationStream writer = serializer.serializeStream(out);
    writer.writeKey(new byte[200], BYTES);
    writer.writeValue(new byte[10], BYTES);
    writer.close();
    byte[] cut = Arrays.copyOf(out.toByteArray(), 150);
    Iterator<Tuple2<Object, Object>> read =
        serializer.deserializeStream(new ByteArrayInputStream(cut)).asKeyValueIterator();
    assertThatThrownBy(read::hasNext).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("ends inside a record (148 of 200 bytes)");
  }

  @Test
  void recordsMovedAsBytesReadBackInTheirNewOrder() {
    // what relocation promises Spark: a record's bytes, cut out of the stream, are the record wherever they go
    SerializerInstance serializer = new BytePairSerializer().newInstance();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SerializationStream writer = serializer.serializeStream(out);
    writer.writeKey(bytes("trace-a"), BYTES);
    writer.writeValue(bytes("first event"), BYTES);
    writer.flush();
    int firstEnds = out.size();
    writer.writeKey(bytes("trace-b"), BYTES);
    writer.writeValue(new byte[300], BYTES);
    writer.close();
    byte[] stream = out.toByteArray();
    ByteArrayOutputStream swapped = new ByteArrayOutputStream();
    swapped.write(stream, firstEnds, stream.length - firstEnds);
    swapped.write(stream, 0, firstEnds);

    Iterator<Tuple2<Object, Object>> read =
        serializer.deserializeStream(new ByteArrayInputStream(swapped.toByteArray())).asKeyValueIterator();
    Tuple2<Object, Object> second = read.next();
    assertThat((byte[]) second._1()).isEqualTo(bytes("trace-b"));
    assertThat((byte[]) second._2()).isEqualTo(new byte[300]);
    Tuple2<Object, Object> first = read.next();
    assertThat((byte[]) first._1()).isEqualTo(bytes("trace-a"));
    assertThat((byte[]) first._2()).isEqualTo(bytes("first event"));
    assertThat(read.hasNext()).isFalse();
  }

  @Test
  void aStreamThatEndsBetweenAKeyAndItsValueIsAnErrorNotAnEnd() {
    SerializerInstance serializer = new BytePairSerializer().newInstance();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SerializationStream writer = serializer.serializeStream(out);
    writer.writeKey(bytes("trace-a"), BYTES);
    writer.writeValue(bytes("event"), BYTES);
    writer.writeKey(bytes("trace-b"), BYTES);
    writer.close();
    Iterator<Tuple2<Object, Object>> read =
        serializer.deserializeStream(new ByteArrayInputStream(out.toByteArray())).asKeyValueIterator();
    assertThat((byte[]) read.next()._1()).isEqualTo(bytes("trace-a"));
    assertThatThrownBy(read::hasNext).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("ends between a record's key and its value");
  }

  @Test
  void aLengthBeyondAnyArrayIsRefusedAsDamage() {
    byte[] damaged = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F, 1, 2};
    Iterator<Tuple2<Object, Object>> read =
        new BytePairSerializer().newInstance().deserializeStream(new ByteArrayInputStream(damaged))
            .asKeyValueIterator();
    assertThatThrownBy(read::hasNext).isInstanceOf(UncheckedIOException.class).hasMessageContaining("over 2 GB");
    java.nio.ByteBuffer alone = java.nio.ByteBuffer.wrap(damaged);
    assertThatThrownBy(() -> new BytePairSerializer().newInstance().deserialize(alone, BYTES))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("over 2 GB");
  }

  @Test
  void oneArraySerializedAloneReadsBackAndHoldsNothingButItsLengthAndBytes() {
    SerializerInstance serializer = new BytePairSerializer().newInstance();
    byte[] longer = new byte[300];
    new Random(3).nextBytes(longer);
    for (byte[] array : List.of(bytes("trace-7"), longer, new byte[0])) {
      java.nio.ByteBuffer serialized = serializer.serialize(array, BYTES);
      assertThat(serialized.remaining()).isEqualTo(varintSize(array.length) + array.length);
      assertThat((byte[]) serializer.deserialize(serialized, BYTES)).isEqualTo(array);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static int varintSize(int value) {
    int size = 1;
    while ((value & ~0x7F) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }
}
