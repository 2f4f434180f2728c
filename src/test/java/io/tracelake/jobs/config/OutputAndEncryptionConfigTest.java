package io.tracelake.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.jobs.warehouse.ColumnEncryption;
import io.tracelake.jobs.warehouse.HadoopKeyProviderKmsClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config's {@code output} and {@code encryption} blocks: defaults, the Hadoop settings they make, one-line errors. */
class OutputAndEncryptionConfigTest {

  private static final String SOURCES = "warehouse: /w\nsources: [{name: a, format: logstash-json, paths: [/x]}]\n";

  private static TracelakeConfig parse(String yaml) {
    return ConfigLoader.parse(SOURCES + yaml, "tracelake.yaml", Path.of("/data"));
  }

  private static void assertError(String yaml, String expectedStart) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessageStartingWith(expectedStart)
        .hasMessageNotContaining("\n");
  }

  @Test
  void byDefaultOwnerOnlyAndNoEncryption() {
    TracelakeConfig config = parse("");
    assertThat(config.output().umask()).isEqualTo("077");
    assertThat(config.encryption().enabled()).isFalse();
    assertThat(config.hadoopSettings()).containsExactly(Map.entry("fs.permissions.umask-mode", "077"));
  }

  @Test
  void theUmaskIsThreeOctalDigits() {
    assertThat(parse("output: {umask: \"027\"}").output().umask()).isEqualTo("027");
    assertThat(parse("output: {umask: \"0022\"}").output().umask()).isEqualTo("0022");
    // unquoted too: the digits are read as written, not as the number YAML 1.1 would make of them
    assertThat(parse("output: {umask: 077}").output().umask()).isEqualTo("077");
    assertError("output: {umask: \"089\"}", "tracelake.yaml: output.umask must be three octal digits, such as");
    assertError("output: {umask: \"u=rwx\"}", "tracelake.yaml: output.umask must be three octal digits");
  }

  @Test
  void encryptionDefaultsToTheColumnsThatHoldWhatWasLogged() {
    TracelakeConfig config = parse("encryption: {footer_key: f, column_key: c, kms_instance_url: 'jceks://file/k'}");
    EncryptionConfig encryption = config.encryption();
    assertThat(encryption.enabled()).isTrue();
    assertThat(encryption.kmsClient()).isEqualTo(HadoopKeyProviderKmsClient.class.getName());
    assertThat(encryption.columns()).isEqualTo(Map.of("events", List.of("message", "attributes", "exception_message"),
        "rejects", List.of("raw", "detail")));
    assertThat(config.hadoopSettings())
        .containsEntry("parquet.crypto.factory.class",
            "org.apache.parquet.crypto.keytools.PropertiesDrivenCryptoFactory")
        .containsEntry("parquet.encryption.kms.client.class", HadoopKeyProviderKmsClient.class.getName())
        .containsEntry("parquet.encryption.kms.instance.url", "jceks://file/k")
        .containsEntry("parquet.encryption.plaintext.footer", "true")
        .containsEntry(ColumnEncryption.FOOTER_KEY, "f").containsEntry(ColumnEncryption.COLUMN_KEY, "c")
        .containsEntry(ColumnEncryption.COLUMNS_KEY_PREFIX + "events", "message,attributes,exception_message")
        .containsEntry(ColumnEncryption.COLUMNS_KEY_PREFIX + "rejects", "raw,detail")
        .containsEntry("fs.permissions.umask-mode", "077")
        // the keys of the files go per table, never to the session: the factory would put them on every file
        .doesNotContainKeys("parquet.encryption.footer.key", "parquet.encryption.column.keys");
  }

  @Test
  void chosenColumnsAndExtraHadoopSettingsAndAnExplicitOff() {
    TracelakeConfig config = parse("encryption:\n  footer_key: f\n  column_key: c\n"
        + "  columns: {events: [message, http_path], spans: [name]}\n"
        + "  hadoop: {hadoop.security.key.provider.path: 'kms://http@kms:9600/kms', parquet.encryption.cache.lifetime.seconds: 60}\n");
    assertThat(config.hadoopSettings())
        .containsEntry(ColumnEncryption.COLUMNS_KEY_PREFIX + "events", "message,http_path")
        .containsEntry(ColumnEncryption.COLUMNS_KEY_PREFIX + "spans", "name")
        .doesNotContainKey(ColumnEncryption.COLUMNS_KEY_PREFIX + "rejects")
        .doesNotContainKey("parquet.encryption.kms.instance.url")
        .containsEntry("hadoop.security.key.provider.path", "kms://http@kms:9600/kms")
        .containsEntry("parquet.encryption.cache.lifetime.seconds", "60");
    assertThat(parse("encryption: {enabled: false, footer_key: f}").encryption().enabled()).isFalse();
  }

  @Test
  void eachEncryptionMistakeIsOneLine() {
    assertError("encryption: {column_key: c}", "tracelake.yaml: encryption.footer_key is required");
    assertError("encryption: {footer_key: f}", "tracelake.yaml: encryption.column_key is required");
    assertError("encryption: {footer_key: f, column_key: c, columns: {event: [message]}}",
        "tracelake.yaml: encryption.columns.event is not a table; use one of events, rejects, spans");
    assertError("encryption: {footer_key: f, column_key: c, columns: {events: [mesage]}}",
        "tracelake.yaml: encryption.columns.events: 'mesage' is not a column of events");
    assertError("encryption: {footer_key: f, column_key: c, kms_client: com.example.NoSuchKms}",
        "tracelake.yaml: encryption.kms_client com.example.NoSuchKms is not on the classpath");
    assertError("encryption: {footer_key: f, column_key: c, kms_client: java.lang.String}",
        "tracelake.yaml: encryption.kms_client java.lang.String does not implement parquet-java's");
    assertError("encryption: {footer_key: f, column_key: c, colums: {}}",
        "tracelake.yaml: line 3: unknown field 'colums' at encryption.colums; known fields: ");
    assertError("encryption: {footer_key: f, column_key: c, columns: [message]}",
        "tracelake.yaml: line 3: encryption.columns must be a map from table to column names");
  }
}
