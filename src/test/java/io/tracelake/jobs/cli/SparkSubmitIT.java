package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged job jar under spark-submit, in a JVM whose classpath holds only what a Spark
 * distribution has: Spark and its dependencies, not our classes nor the libraries the jar bundles.
 */
class SparkSubmitIT {

  @TempDir
  Path dir;

  @Test
  void theJobJarRunsUnchangedUnderSparkSubmit() throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("tracelake.jobJar"));
    assertThat(jar).exists();
    String sparkClasspath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("/target/") && !entry.contains("/picocli/")
            && !entry.contains("jackson-dataformat-yaml") && !entry.contains("/snakeyaml/")
            && !entry.contains("/zipkin2/") && !entry.contains("/sketches-java/"))
        .collect(Collectors.joining(File.pathSeparator));

    // the data comes from the same jar, so generate and run are both tested through spark-submit
    assertThat(submit(jar, sparkClasspath, "generate", "--out", dir.toString(), "--date", "2026-11-20",
        "--requests", "20", "--compress", "zst")).isZero();
    int code = submit(jar, sparkClasspath, "run", "--config", dir.resolve("tracelake.yaml").toString(),
        "--date", "2026-11-20");
    String out = Files.readString(dir.resolve("submit.out"), StandardCharsets.UTF_8);
    assertThat(code).as(Files.readString(dir.resolve("submit.err"))).isZero();
    assertThat(out).startsWith("tracelake run 2026-11-20: ").contains("20 traces");
    assertThat(dir.resolve("warehouse/spans/dt=2026-11-20")).isDirectory();
  }

  private int submit(Path jar, String classpath, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-Dlogback.configurationFile=" + Path.of("config/logback.xml").toAbsolutePath());
    command.addAll(Arrays.asList(System.getProperty("tracelake.jvmOpens").trim().split("\\s+")));
    command.addAll(List.of("-cp", classpath, "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]", "--conf", "spark.ui.enabled=false",
        "--class", "io.tracelake.jobs.cli.TracelakeCommand", jar.toString()));
    command.addAll(Arrays.asList(args));
    Process process = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("submit.out").toFile())
        .redirectError(dir.resolve("submit.err").toFile())
        .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("spark-submit did not finish in 5 minutes");
    }
    return process.exitValue();
  }
}
