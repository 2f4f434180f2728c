package io.tracelake.jobs.config;

import io.tracelake.jobs.warehouse.ColumnEncryption;
import io.tracelake.jobs.warehouse.HadoopKeyProviderKmsClient;
import java.util.List;
import java.util.Map;

/**
 * Parquet column encryption of the warehouse (the config's {@code encryption} block; off when absent): which
 * columns of which tables are encrypted, with which master keys, reached through which KMS client.
 *
 * @param kmsClient a class implementing parquet-java's {@code KmsClient}
 * @param kmsInstanceUrl where the KMS client finds the keys (for the default client: a Hadoop key provider URI,
 *     {@code jceks://file/...} or {@code kms://http@host:9600/kms}); null to let the client decide
 * @param footerKey the master key that signs the plaintext footers
 * @param columnKey the master key of the encrypted columns
 * @param columns top-level column names by table
 * @param hadoop more Hadoop settings for the KMS client, the key provider or parquet-java's key tools
 */
public record EncryptionConfig(boolean enabled, String kmsClient, String kmsInstanceUrl, String footerKey,
    String columnKey, Map<String, List<String>> columns, Map<String, String> hadoop) {

  public static final String DEFAULT_KMS_CLIENT = HadoopKeyProviderKmsClient.class.getName();
  /**
   * The columns that hold what was logged: the message, the other fields, the exception's message, the rejected
   * line and the detail that quotes it. The spans and traces carry only ids, names of services and operations,
   * exception types, times and counts, and stay readable.
   */
  public static final Map<String, List<String>> DEFAULT_COLUMNS = Map.of(
      "events", List.of("message", "attributes", "exception_message"),
      "rejects", List.of("raw", "detail"));

  public static final EncryptionConfig OFF = new EncryptionConfig(false, null, null, null, null, Map.of(), Map.of());

  public EncryptionConfig {
    columns = Map.copyOf(columns);
    hadoop = Map.copyOf(hadoop);
  }

  /** The Hadoop settings every reader and writer of the warehouse needs; none when encryption is off. */
  public Map<String, String> hadoopSettings() {
    return enabled ? ColumnEncryption.hadoopSettings(kmsClient, kmsInstanceUrl, footerKey, columnKey, columns, hadoop)
        : Map.of();
  }
}
