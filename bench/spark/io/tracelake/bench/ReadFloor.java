package io.tracelake.bench;

import io.tracelake.jobs.run.LogFileInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The read floor: every log file under a directory opened the way tracelake opens it
 * ({@link LogFileInput}, decompressed by its extension), read in 1 MiB chunks and its line feeds
 * counted, one thread per core, largest files first. Nothing is parsed; no JVM can read the day faster
 * than this. Prints one JSON line: lines, bytes read (decompressed), seconds.
 *
 * <pre>ReadFloor LOGS_DIR</pre>
 */
public final class ReadFloor {

  private ReadFloor() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ReadFloor LOGS_DIR");
      System.exit(2);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of(args[0]))) {
      files = walk.filter(Files::isRegularFile).sorted(Comparator.comparingLong(ReadFloor::size).reversed()).toList();
    }
    ConcurrentLinkedQueue<Path> queue = new ConcurrentLinkedQueue<>(files);
    AtomicLong lines = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    long start = System.nanoTime();
    int threads = Runtime.getRuntime().availableProcessors();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Thread(() -> {
        byte[] buffer = new byte[1 << 20];
        for (Path file = queue.poll(); file != null; file = queue.poll()) {
          try (InputStream in = LogFileInput.open(file.toString())) {
            long n = 0;
            long read = 0;
            for (int k = in.read(buffer); k >= 0; k = in.read(buffer)) {
              read += k;
              for (int i = 0; i < k; i++) {
                if (buffer[i] == '\n') {
                  n++;
                }
              }
            }
            lines.addAndGet(n);
            bytes.addAndGet(read);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      });
      workers[t].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(java.util.Locale.ROOT, "{\"files\":%d,\"lines\":%d,\"bytes\":%d,\"seconds\":%.3f}%n",
        files.size(), lines.get(), bytes.get(), seconds);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
