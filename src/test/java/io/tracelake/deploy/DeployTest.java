package io.tracelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tracelake.jobs.cli.ExitCodes;
import io.tracelake.jobs.cli.TracelakeCommand;
import io.tracelake.jobs.run.CompletionMarker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What deploy/ ships for schedulers: each file parses (the DAG with Python's ast, Airflow not needed; the
 * manifests as YAML), and every tracelake command line in it is one the CLI's own parser accepts.
 */
class DeployTest {

  private static final Path DEPLOY = Path.of("deploy");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final LocalDate DS = LocalDate.of(2026, 11, 20);
  /** The Jinja templates the DAG uses, as Airflow renders them for the logical day DS. */
  private static final Map<String, String> TEMPLATES = Map.of(
      "{{ ds }}", DS.toString(),
      "{{ macros.ds_add(ds, -1) }}", DS.minusDays(1).toString(),
      "{{ macros.ds_add(ds, 6) }}", DS.plusDays(6).toString());

  @Test
  void theAirflowDagRunsRealCommandsRetriesOnlyOnExitCodeThreeAndWaitsForTheMarker()
      throws IOException, InterruptedException {
    String bashFailure = "Bash command failed. The command returned a non-zero exit code 3.";
    String submitFailure = "Cannot execute: spark-submit --master yarn run --date 2026-11-20. Error code is: 1.";
    JsonNode dag = JSON.readTree(python(Path.of("src/test/resources/deploy/dag_commands.py").toString(),
        DEPLOY.resolve("airflow/tracelake_dags.py").toString(), bashFailure, submitFailure));

    assertThat(dag.path("dags").findValuesAsText("dag_id"))
        .containsExactlyInAnyOrder("tracelake_nightly", "tracelake_nightly_bash", "tracelake_weekly_rollup");
    // the operators are Airflow's, with the retry rule mixed in: exit codes 3 and 5 are retried, others fail the task
    JsonNode classes = dag.path("classes");
    assertThat(classes.path("TracelakeSparkSubmitOperator").path("bases").toString()).contains("SparkSubmitOperator");
    assertThat(classes.path("TracelakeBashOperator").path("bases").toString()).contains("\"BashOperator\"");
    assertThat(classes.path("RetriedOnlyOnInputProblems").path("names").toString())
        .contains("AirflowFailException", "INPUT_PROBLEM", "DAY_LOCKED", "exit_code");
    assertThat(dag.path("constants").path("INPUT_PROBLEM").asInt()).isEqualTo(ExitCodes.INPUT);
    assertThat(dag.path("constants").path("DAY_LOCKED").asInt()).isEqualTo(ExitCodes.DAY_LOCKED);
    assertThat(dag.path("exit_codes").path(bashFailure).asInt()).isEqualTo(3);
    assertThat(dag.path("exit_codes").path(submitFailure).asInt()).isEqualTo(1);

    List<String> runDates = new ArrayList<>();
    int sparkSubmits = 0;
    int bashes = 0;
    for (JsonNode task : dag.path("tasks")) {
      String operator = task.path("operator").asText();
      List<String> args;
      if (operator.equals("TracelakeSparkSubmitOperator")) {
        sparkSubmits++;
        assertThat(task.path("java_class").asText()).isEqualTo(TracelakeCommand.class.getName());
        assertThat(task.path("deploy_mode").asText()).as("exit codes reach Airflow in client mode only")
            .isEqualTo("client");
        args = new ArrayList<>();
        task.path("application_args").forEach(arg -> args.add(render(arg.asText())));
      } else if (operator.equals("TracelakeBashOperator")) {
        bashes++;
        // Airflow renders the templates, then bash splits the words
        args = tracelakeArgs(shellWords(render(task.path("bash_command").asText())));
      } else if (operator.equals("BashSensor")) {
        assertThat(render(task.path("bash_command").asText())).isEqualTo("hdfs dfs -test -e "
            + CompletionMarker.path(dag.path("constants").path("WAREHOUSE").asText(), DS.plusDays(6)));
        continue;
      } else {
        throw new AssertionError("unexpected operator " + operator);
      }
      if (args.get(0).equals("run")) {
        runDates.add(args.get(args.indexOf("--date") + 1));
      }
      assertAccepted(operator + " " + task.path("task_id").asText(), args);
    }
    assertThat(sparkSubmits).isEqualTo(2);
    assertThat(bashes).isEqualTo(3);
    // each nightly DAG runs its day, then the day before again for the traces across midnight
    assertThat(runDates).containsExactlyInAnyOrder(DS.toString(), DS.minusDays(1).toString(), DS.toString(),
        DS.minusDays(1).toString());
  }

  @Test
  void theCrontabLineIsAValidScheduleAndARealCommand() throws IOException {
    List<String> entries = Files.readAllLines(DEPLOY.resolve("cron/tracelake.crontab")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.matches("^[A-Z_]+=.*")).toList();
    assertThat(entries).hasSize(1);
    Matcher entry = Pattern.compile("^((?:\\S+\\s+){5})(.+)$").matcher(entries.get(0));
    assertThat(entry.matches()).isTrue();
    assertThat(entry.group(1).trim().split("\\s+")).allMatch(field -> field.matches("[0-9*/,-]+"));
    List<String> args = tracelakeArgs(shellWords(entry.group(2)));
    assertThat(args).startsWith("run").contains("--last", "--keep-going");
    assertAccepted("crontab", args);
  }

  @Test
  void theKubernetesCronJobFailsAtOnceOnAnyExitCodeButThreeAndRunsARealCommand() throws IOException {
    JsonNode cronJob = YAML.readTree(DEPLOY.resolve("kubernetes/cronjob.yaml").toFile());
    assertThat(cronJob.path("kind").asText()).isEqualTo("CronJob");
    assertThat(cronJob.path("apiVersion").asText()).isEqualTo("batch/v1");
    JsonNode job = cronJob.path("spec").path("jobTemplate").path("spec");
    JsonNode rule = job.path("podFailurePolicy").path("rules").get(0);
    assertThat(rule.path("action").asText()).isEqualTo("FailJob");
    assertThat(rule.path("onExitCodes").path("operator").asText()).isEqualTo("NotIn");
    assertThat(rule.path("onExitCodes").path("values").toString()).isEqualTo("[" + ExitCodes.INPUT + "," + ExitCodes.DAY_LOCKED + "]");
    assertThat(job.path("backoffLimit").asInt()).isPositive();
    JsonNode pod = job.path("template").path("spec");
    assertThat(pod.path("restartPolicy").asText()).as("podFailurePolicy needs it").isEqualTo("Never");
    JsonNode container = pod.path("containers").get(0);
    assertThat(rule.path("onExitCodes").path("containerName").asText()).isEqualTo(container.path("name").asText());
    List<String> argv = new ArrayList<>();
    container.path("command").forEach(arg -> argv.add(arg.asText()));
    container.path("args").forEach(arg -> argv.add(arg.asText()));
    assertThat(argv.get(argv.indexOf("--deploy-mode") + 1)).isEqualTo("client");
    assertAccepted("CronJob", tracelakeArgs(argv));
  }

  @Test
  void theScheduledSparkApplicationRunsARealCommand() throws IOException {
    JsonNode app = YAML.readTree(DEPLOY.resolve("kubernetes/scheduled-spark-application.yaml").toFile());
    assertThat(app.path("kind").asText()).isEqualTo("ScheduledSparkApplication");
    assertThat(app.path("apiVersion").asText()).isEqualTo("sparkoperator.k8s.io/v1beta2");
    assertThat(app.path("spec").path("schedule").asText().split(" ")).hasSize(5);
    JsonNode template = app.path("spec").path("template");
    assertThat(template.path("mainClass").asText()).isEqualTo(TracelakeCommand.class.getName());
    assertThat(template.path("mainApplicationFile").asText()).endsWith(".jar");
    List<String> args = new ArrayList<>();
    template.path("arguments").forEach(arg -> args.add(arg.asText()));
    // cluster mode: the driver has no local files, so the config must come from a URI
    assertThat(args.get(args.indexOf("--config") + 1)).startsWith("hdfs://");
    assertAccepted("ScheduledSparkApplication", args);
  }

  /** The CLI's parser (the one main uses) accepts the arguments, templates rendered, as a command it has. */
  private static void assertAccepted(String where, List<String> args) {
    List<String> rendered = List.copyOf(args);
    assertThat(rendered).as(where).noneMatch(arg -> arg.contains("{{"));
    CommandLine.ParseResult parsed;
    try {
      parsed = TracelakeCommand.commandLine().parseArgs(rendered.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(where + ": tracelake " + String.join(" ", rendered) + ": " + e.getMessage(), e);
    }
    assertThat(parsed.subcommand()).as(where + ": a tracelake command").isNotNull();
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(rendered.get(0));
  }

  private static String render(String text) {
    for (Map.Entry<String, String> template : TEMPLATES.entrySet()) {
      text = text.replace(template.getKey(), template.getValue());
    }
    return text;
  }

  /** The arguments after the job jar (spark-submit) or bin/tracelake. */
  private static List<String> tracelakeArgs(List<String> argv) {
    for (int i = 0; i < argv.size(); i++) {
      String word = argv.get(i);
      if (word.endsWith("bin/tracelake") || (word.endsWith(".jar") && i > 0 && argv.get(i - 1).equals(
          TracelakeCommand.class.getName()))) {
        return argv.subList(i + 1, argv.size());
      }
    }
    throw new AssertionError("no tracelake jar or launcher in " + argv);
  }

  /** A shell command's words up to its first redirection or separator; quotes as the shell reads them. */
  private static List<String> shellWords(String command) {
    List<String> words = new ArrayList<>();
    Matcher word = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(command);
    while (word.find()) {
      String text = word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3);
      if (word.group(3) != null && text.matches("\\d?>>?.*|;|&&|\\|\\|?")) {
        break;
      }
      words.add(text);
    }
    return words;
  }

  private static String python(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(System.getenv().getOrDefault("TRACELAKE_PYTHON", "python3"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("python did not finish in 60 s");
    }
    assertThat(process.exitValue()).as("python " + String.join(" ", args)).isZero();
    return out;
  }
}
