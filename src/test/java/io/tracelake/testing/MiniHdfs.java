package io.tracelake.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** An in-process HDFS (one name node, one data node) under a test's directory; closing shuts it down. */
public final class MiniHdfs implements AutoCloseable {

  private final MiniDFSCluster cluster;

  public MiniHdfs(Path baseDir) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toString());
    // the metrics loggers want commons-logging's log4j adapter, which Logback replaces
    conf.setInt("dfs.namenode.metrics.logger.period.seconds", 0);
    conf.setInt("dfs.datanode.metrics.logger.period.seconds", 0);
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      cluster.waitActive();
    } catch (IOException | RuntimeException e) {
      cluster.shutdown();
      throw e;
    }
  }

  public FileSystem fs() throws IOException {
    return cluster.getFileSystem();
  }

  /** {@code hdfs://127.0.0.1:port}, to prefix absolute paths with. */
  public String root() throws IOException {
    return fs().getUri().toString();
  }

  public void write(String path, String text) throws IOException {
    try (OutputStream out = fs().create(new org.apache.hadoop.fs.Path(path), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  public String read(String path) throws IOException {
    try (InputStream in = fs().open(new org.apache.hadoop.fs.Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Copies a generated day's {@code logs/} tree to {@code /archive/logs} and returns a config reading it
   * from there with its warehouse on this HDFS, as a cluster's nightly job would.
   */
  public String archiveGeneratedLogs(Path localLogs) throws IOException {
    fs().copyFromLocalFile(new org.apache.hadoop.fs.Path(localLogs.toString()),
        new org.apache.hadoop.fs.Path("/archive/logs"));
    return """
        warehouse: %s/warehouse
        sources:
          - name: shop
            format: logstash-json
            paths: ["%s/archive/logs/{date}/*/*.log.gz"]
            service: {field: app_name}
            instance: {field: HOSTNAME}
        """.formatted(root(), root());
  }

  @Override
  public void close() {
    cluster.shutdown();
  }
}
