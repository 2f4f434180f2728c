package io.tracelake.jobs.warehouse;

import io.tracelake.model.schema.Table;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.crypto.FileEncryptionProperties;
import org.apache.parquet.crypto.ParquetCryptoRuntimeException;
import org.apache.parquet.crypto.keytools.KeyToolkit;
import org.apache.parquet.crypto.keytools.PropertiesDrivenCryptoFactory;

/**
 * Parquet modular encryption of chosen columns, with parquet-java's key tools ({@link PropertiesDrivenCryptoFactory}:
 * a data key per column, wrapped by a master key the KMS client reaches, the key material kept in the file's
 * footer). The footer stays in plaintext, signed with the footer key, so that a reader without any key still
 * reads every column that is not encrypted (model/SCHEMA.md, "Encryption").
 *
 * <p>The Hadoop settings it makes carry the factory and the KMS client for every reader and writer of the
 * session, but not the column and footer keys: the factory would apply those to every file, and parquet-java
 * refuses to write a file whose schema lacks an encrypted column. {@link #forFile} gives each table's files
 * their own columns instead.
 */
public final class ColumnEncryption {

  public static final String FACTORY_KEY = "parquet.crypto.factory.class";
  /** The columns of a table that are encrypted, by top-level name, comma-separated: {@code tracelake.encryption.columns.events}. */
  public static final String COLUMNS_KEY_PREFIX = "tracelake.encryption.columns.";
  public static final String FOOTER_KEY = "tracelake.encryption.footer.key";
  public static final String COLUMN_KEY = "tracelake.encryption.column.key";

  private ColumnEncryption() {}

  /**
   * The Hadoop settings that encrypt {@code columns} (top-level column names by table) with master key
   * {@code columnKey}, sign the plaintext footer with {@code footerKey}, and let a reader with access to the keys
   * decrypt them; {@code extra} settings (the key provider's, say) are added as they are.
   */
  public static Map<String, String> hadoopSettings(String kmsClient, String kmsInstanceUrl, String footerKey,
      String columnKey, Map<String, List<String>> columns, Map<String, String> extra) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(FACTORY_KEY, PropertiesDrivenCryptoFactory.class.getName());
    settings.put(KeyToolkit.KMS_CLIENT_CLASS_PROPERTY_NAME, kmsClient);
    if (kmsInstanceUrl != null) {
      settings.put(KeyToolkit.KMS_INSTANCE_URL_PROPERTY_NAME, kmsInstanceUrl);
    }
    settings.put(PropertiesDrivenCryptoFactory.PLAINTEXT_FOOTER_PROPERTY_NAME, "true");
    settings.put(FOOTER_KEY, footerKey);
    settings.put(COLUMN_KEY, columnKey);
    columns.forEach((table, names) -> settings.put(COLUMNS_KEY_PREFIX + table, String.join(",", names)));
    settings.putAll(extra);
    return settings;
  }

  /**
   * How a file of {@code table} at {@code path} is encrypted, or null when none of its columns is (encryption off,
   * or a table with no column chosen): such a file is plain Parquet.
   */
  public static FileEncryptionProperties forFile(Table table, Path path, Configuration hadoop) {
    String columns = hadoop.getTrimmed(COLUMNS_KEY_PREFIX + table.name(), "");
    if (columns.isEmpty()) {
      return null;
    }
    Configuration file = new Configuration(hadoop);
    file.set(PropertiesDrivenCryptoFactory.FOOTER_KEY_PROPERTY_NAME, hadoop.get(FOOTER_KEY));
    file.set(PropertiesDrivenCryptoFactory.COLUMN_KEYS_PROPERTY_NAME,
        hadoop.get(COLUMN_KEY) + ":" + String.join(",", leafPaths(table, List.of(columns.split(",")))));
    return new PropertiesDrivenCryptoFactory().getFileEncryptionProperties(file, path, null);
  }

  /**
   * The Parquet column paths under the named top-level columns: a map or a list is stored as several leaf columns
   * ({@code attributes.key_value.key} and {@code attributes.key_value.value}), each encrypted.
   */
  static List<String> leafPaths(Table table, List<String> columns) {
    return TableSchemas.parquet(table).getColumns().stream().map(ColumnDescriptor::getPath)
        .filter(path -> columns.contains(path[0])).map(path -> String.join(".", Arrays.asList(path)))
        .collect(Collectors.toList());
  }

  /**
   * What a user is told when reading {@code file} with {@code hadoop} failed with {@code failure} because of an
   * encrypted column (no key, or no access to it), in one line; null when the failure is something else.
   */
  public static String unreadable(Path file, Throwable failure, Configuration hadoop) {
    String why = whyUnreadable(failure);
    if (why == null) {
      return null;
    }
    if (hadoop.get(FACTORY_KEY) == null) {
      return file + " has encrypted columns (" + why + ") and no key was given: read it with the --config whose "
          + "'encryption' block names the warehouse's keys, not with --warehouse";
    }
    return "cannot decrypt " + file + ": " + why + "; check the config's 'encryption' block and the access to its keys";
  }

  /**
   * A one-line reason when {@code failure} is parquet-java refusing to read an encrypted column (no key, or no
   * access to it), else null.
   */
  public static String whyUnreadable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ParquetCryptoRuntimeException crypto) {
        String message = crypto.getMessage() == null ? crypto.getClass().getSimpleName() : crypto.getMessage();
        return message.lines().findFirst().orElse("");
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }
}
