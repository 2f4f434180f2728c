package io.tracelake.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/**
 * Writes a day of hostile log files for the nightly job: binary garbage, NUL bytes, invalid UTF-8, CR, CRLF and
 * LF CR line ends, lines at and around {@link #MAX_LINE_BYTES}, a 100k-line stack trace, deep JSON, huge and
 * out-of-range numbers and times, lines without trace ids, multi-member, damaged and truncated gzip, bzip2 and
 * zstd, file names with {@code :}, spaces, {@code %} and unicode, and names Hadoop tools treat as hidden. Seeded:
 * the same seed writes the same files. Files are small so that a thousand of them run in seconds.
 *
 * <p>Three sources: {@code json} (logstash JSON, one entry a line) under {@code logs/<day>/json/}, {@code colon}
 * (the same, for names with a ':') under {@code logs/<day>/colon/}, and {@code text} (a PatternLayout, multiline:
 * stack traces fold into their entry) under {@code logs/<day>/text/}.
 */
public final class HostileCorpus {
  /** The config's {@code limits.max_line_bytes}; lines of the corpus are cut around it. */
  public static final int MAX_LINE_BYTES = 4096;
  /** How many kinds of file there are: file i is of kind i modulo this. */
  public static final int KINDS = 24;

  private final Path root;
  private final LocalDate day;
  private final Random random;
  private final boolean hugeStackTrace;
  private int written;

  /**
   * @param hugeStackTrace write one file with a 100,000-line stack trace (about 5 MB)
   */
  public HostileCorpus(Path root, LocalDate day, long seed, boolean hugeStackTrace) {
    this.root = root;
    this.day = day;
    this.random = new Random(seed);
    this.hugeStackTrace = hugeStackTrace;
  }

  /** Writes the config and {@code files} files; returns the config file. */
  public Path write(int files) throws IOException {
    Files.createDirectories(json());
    Files.createDirectories(text());
    Files.createDirectories(colon());
    Path config = root.resolve("tracelake.yaml");
    Files.writeString(config, """
        warehouse: warehouse
        limits:
          max_line_bytes: %d
        sources:
          - name: json
            format: logstash-json
            paths: ["logs/{date}/json/*"]
            service: {value: shop}
          - name: colon
            format: logstash-json
            paths: ["logs/{date}/colon/*"]
            service: {value: shop}
          - name: text
            format: pattern
            pattern: "%%d{yyyy-MM-dd HH:mm:ss.SSS}{UTC} %%-5level [%%t] %%logger{36} [%%X{traceId},%%X{spanId}] - %%msg%%n"
            paths: ["logs/{date}/text/*"]
            service: {value: shop}
        """.formatted(MAX_LINE_BYTES));
    for (int i = 0; i < files; i++) {
      writeFile(i);
    }
    if (hugeStackTrace) {
      Files.write(text().resolve("huge-stack-trace.log"), hugeStackTrace(100_000));
      written++;
    }
    return config;
  }

  /** Files written so far. */
  public int written() {
    return written;
  }

  public Path json() {
    return root.resolve("logs/" + day + "/json");
  }

  /**
   * Where the names with a ':' go: Hadoop's local listing fails on the whole directory that holds one, so they
   * have a directory of their own and the other odd names are listed by Hadoop itself.
   */
  public Path colon() {
    return root.resolve("logs/" + day + "/colon");
  }

  public Path text() {
    return root.resolve("logs/" + day + "/text");
  }

  private void writeFile(int i) throws IOException {
    int kind = i % KINDS;
    String name = String.format(Locale.ROOT, "f%05d", i);
    switch (kind) {
      case 0 -> Files.write(json().resolve(name + ".log"), lines(jsonLines(20, true), "\n"));
      case 1 -> Files.write(json().resolve(name + ".log"), garbage(2_000));
      case 2 -> Files.write(json().resolve(name + ".log"), withNuls(lines(jsonLines(10, true), "\n")));
      case 3 -> Files.write(json().resolve(name + ".log"), invalidUtf8(lines(jsonLines(10, true), "\n")));
      case 4 -> Files.write(json().resolve(name + ".log"), lines(jsonLines(10, true), "\r"));
      case 5 -> Files.write(json().resolve(name + ".log"), lines(jsonLines(10, true), "\r\n"));
      case 6 -> Files.write(json().resolve(name + ".log"), lines(jsonLines(10, true), "\n\r"));
      case 7 -> Files.write(json().resolve(name + ".log"), aroundTheLimit());
      case 8 -> Files.write(json().resolve(name + ".log"), lines(deepJson(), "\n"));
      case 9 -> Files.write(json().resolve(name + ".log"), lines(hugeNumbers(), "\n"));
      case 10 -> Files.write(json().resolve(name + ".log"), lines(jsonLines(15, false), "\n"));
      case 11 -> Files.write(json().resolve(name + ".log.gz"), concat(gzip(lines(jsonLines(8, true), "\n")),
          gzip(lines(jsonLines(8, true), "\n")), gzip(lines(jsonLines(3, true), "\n"))));
      case 12 -> Files.write(json().resolve(name + ".log.gz"), damagedSecondMember());
      case 13 -> Files.write(json().resolve(name + ".log.gz"), truncated(gzip(lines(jsonLines(400, true), "\n"))));
      case 14 -> Files.write(json().resolve(name + ".log.bz2"), truncated(bzip2(lines(jsonLines(400, true), "\n"))));
      case 15 -> Files.write(json().resolve(name + ".log.zst"), truncated(zstd(lines(jsonLines(400, true), "\n"))));
      case 16 -> Files.write(json().resolve(name + ".log.bz2"), concat(bzip2(lines(jsonLines(5, true), "\n")),
          bzip2(lines(jsonLines(5, true), "\n"))));
      case 17 -> Files.write(colon().resolve(name + ":" + "10:00.log"), lines(jsonLines(5, true), "\n"));
      case 18 -> Files.write(json().resolve(name + " with spaces %41 %%.log"), lines(jsonLines(5, true), "\n"));
      case 19 -> Files.write(json().resolve(name + "-ünïcødé-日志.log"), lines(jsonLines(5, true), "\n"));
      case 20 -> Files.write(json().resolve("_" + name + ".log"), lines(jsonLines(5, true), "\n"));
      case 21 -> Files.write(json().resolve("." + name + ".log"), lines(jsonLines(5, true), "\n"));
      case 22 -> Files.write(text().resolve(name + ".log"), textWithStackTraces(10));
      default -> Files.write(text().resolve(name + ".log"), lines(hostileMessages(), "\n"));
    }
    written++;
  }

  private String ts() {
    return day + "T" + String.format(Locale.ROOT, "%02d:%02d:%02d.%03dZ", random.nextInt(24), random.nextInt(60),
        random.nextInt(60), random.nextInt(1000));
  }

  private String hex(int digits) {
    StringBuilder s = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      s.append(Character.forDigit(1 + random.nextInt(15), 16));
    }
    return s.toString();
  }

  private List<String> jsonLines(int count, boolean traced) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add("{\"@timestamp\":\"" + ts() + "\",\"level\":\"INFO\",\"message\":\"Received GET /items/" + i + "\""
          + (traced ? ",\"traceId\":\"" + hex(32) + "\",\"spanId\":\"" + hex(16) + "\"" : "") + "}");
    }
    return lines;
  }

  private static byte[] lines(List<String> lines, String end) {
    return (String.join(end, lines) + end).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] garbage(int bytes) {
    byte[] out = new byte[bytes];
    random.nextBytes(out);
    return out;
  }

  private byte[] withNuls(byte[] text) {
    byte[] out = text.clone();
    for (int i = 0; i < out.length; i += 1 + random.nextInt(40)) {
      if (out[i] != '\n') {
        out[i] = 0;
      }
    }
    return out;
  }

  private byte[] invalidUtf8(byte[] text) {
    byte[] out = text.clone();
    for (int i = 0; i < out.length; i += 1 + random.nextInt(30)) {
      if (out[i] != '\n') {
        out[i] = (byte) (0x80 | random.nextInt(0x80)); // a continuation byte where none may be, or an overlong lead
      }
    }
    return out;
  }

  private byte[] aroundTheLimit() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int length : new int[] {MAX_LINE_BYTES - 1, MAX_LINE_BYTES, MAX_LINE_BYTES + 1, 3 * MAX_LINE_BYTES}) {
      String head = "{\"@timestamp\":\"" + ts() + "\",\"message\":\"";
      String tail = "\",\"traceId\":\"" + hex(32) + "\"}";
      out.writeBytes((head + "x".repeat(Math.max(0, length - head.length() - tail.length())) + tail + "\n")
          .getBytes(StandardCharsets.UTF_8));
      // and a line of that length that ends in the middle of a multi-byte character
      byte[] cut = ("é".repeat(length)).getBytes(StandardCharsets.UTF_8);
      out.write(cut, 0, length);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private List<String> deepJson() {
    int depth = 200 + random.nextInt(1_500);
    return List.of("{\"@timestamp\":\"" + ts() + "\",\"message\":\"deep\",\"x\":" + "[".repeat(depth)
        + "]".repeat(depth) + "}", "{\"@timestamp\":\"" + ts() + "\",\"message\":\"deep\",\"x\":" + "{\"a\":".repeat(depth)
        + "1" + "}".repeat(depth) + "}", "[".repeat(depth));
  }

  private List<String> hugeNumbers() {
    List<String> lines = new ArrayList<>();
    for (String time : List.of("1e300", "-1e300", "-9223372036854775808", "9223372036854775807",
        "123456789012345678901234567890", "\"1899-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"",
        "\"99999-01-01T00:00:00Z\"", "\"2300-01-01T00:00:00Z\"", "NaN", "1.7976931348623157e309")) {
      lines.add("{\"@timestamp\":" + time + ",\"message\":\"odd time\",\"traceId\":\"" + hex(32) + "\"}");
    }
    lines.add("{\"@timestamp\":\"" + ts() + "\",\"message\":\"big\",\"n\":1e999999,\"m\":-" + "9".repeat(400) + "}");
    return lines;
  }

  private List<String> hostileMessages() {
    List<String> lines = new ArrayList<>();
    String prefix = day + " 10:00:00.000 INFO  [main] c.s.Web [" + hex(32) + "," + hex(16) + "] - ";
    lines.add(prefix + "x".repeat(3_000) + " completed in 5 ms");
    lines.add(prefix + "a".repeat(3_000) + "ms");
    lines.add(prefix + "Received GET /" + "a/".repeat(1_500));
    lines.add(prefix + "done");
    lines.add("a.".repeat(1_800) + "B"); // a dotted continuation line, folded into the entry before it
    lines.add(prefix + "Calling " + "x".repeat(2_000) + " GET /y");
    lines.add(day + " 99:99:99.999 INFO  [main] c.s.Web [,] - not a time");
    return lines;
  }

  private byte[] textWithStackTraces(int entries) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < entries; i++) {
      text.append(day).append(" 10:00:0").append(i % 10).append(".000 ERROR [main] c.s.Web [").append(hex(32))
          .append(',').append(hex(16)).append("] - GET /x failed\n");
      text.append("java.lang.IllegalStateException: boom ").append(i).append('\n');
      for (int f = 0; f < 1 + random.nextInt(30); f++) {
        text.append("\tat com.shop.Web.handle").append(f).append("(Web.java:").append(f).append(")\n");
      }
    }
    text.append("\tat a.stray.Frame(after.java:1)\n");
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] hugeStackTrace(int frames) {
    StringBuilder text = new StringBuilder(frames * 48);
    text.append("\tat lines.before.the.first.Entry(x.java:1)\n"); // rejected: no entry to fold into
    text.append(day).append(" 11:00:00.000 ERROR [main] c.s.Web [").append(hex(32)).append(',').append(hex(16))
        .append("] - request failed\njava.lang.StackOverflowError: deep\n");
    for (int f = 0; f < frames; f++) {
      text.append("\tat com.shop.Recursive.call(Recursive.java:").append(f).append(")\n");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] damagedSecondMember() throws IOException {
    byte[] second = gzip(lines(jsonLines(300, true), "\n"));
    for (int i = 30; i < Math.min(second.length, 90); i++) {
      second[i] ^= (byte) (1 + random.nextInt(255));
    }
    return concat(gzip(lines(jsonLines(8, true), "\n")), second, gzip(lines(jsonLines(8, true), "\n")));
  }

  private byte[] truncated(byte[] whole) {
    return Arrays.copyOf(whole, whole.length / 3 + random.nextInt(whole.length / 3));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] compress(byte[] data, Compressor compressor) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c = compressor.open(out)) {
      c.write(data);
    }
    return out.toByteArray();
  }

  private interface Compressor {
    OutputStream open(OutputStream out) throws IOException;
  }

  static byte[] gzip(byte[] data) throws IOException {
    return compress(data, GZIPOutputStream::new);
  }

  static byte[] bzip2(byte[] data) throws IOException {
    return compress(data, BZip2CompressorOutputStream::new);
  }

  static byte[] zstd(byte[] data) throws IOException {
    return compress(data, ZstdCompressorOutputStream::new);
  }
}
