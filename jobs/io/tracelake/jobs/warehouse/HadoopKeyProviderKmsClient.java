package io.tracelake.jobs.warehouse;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.crypto.key.KeyProvider;
import org.apache.hadoop.crypto.key.KeyProviderFactory;
import org.apache.parquet.crypto.KeyAccessDeniedException;
import org.apache.parquet.crypto.ParquetCryptoRuntimeException;
import org.apache.parquet.crypto.keytools.KmsClient;
import org.apache.parquet.crypto.keytools.LocalWrapKmsClient;

/**
 * Parquet's KMS client over Hadoop's {@link KeyProvider} API, the key store Hadoop and Spark already use: a Hadoop
 * KMS ({@code kms://http@host:9600/kms}) or a Java key store file ({@code jceks://file/etc/tracelake/keys.jceks}).
 * The provider is the KMS instance URL ({@code parquet.encryption.kms.instance.url}) when one is set, else
 * Hadoop's own {@code hadoop.security.key.provider.path}.
 *
 * <p>Hadoop's provider API can hand out a key's material but cannot wrap arbitrary bytes with it, so this is a
 * local-wrap client (Parquet's {@link LocalWrapKmsClient}): it fetches each master key once per cache lifetime and
 * wraps the files' keys in this JVM. The reader and the writer must therefore be allowed to read the master keys
 * themselves (a Hadoop KMS's GET ACL), not only to use them.
 */
public final class HadoopKeyProviderKmsClient extends LocalWrapKmsClient {

  private KeyProvider provider;

  @Override
  protected void initializeInternal() throws KeyAccessDeniedException {
    String location = KmsClient.KMS_INSTANCE_URL_DEFAULT.equals(kmsInstanceURL)
        ? hadoopConfiguration.getTrimmed(KeyProviderFactory.KEY_PROVIDER_PATH) : kmsInstanceURL;
    if (location == null || location.isEmpty()) {
      throw new ParquetCryptoRuntimeException("no key provider: set encryption.kms_instance_url (e.g. "
          + "jceks://file/etc/tracelake/keys.jceks or kms://http@kms-host:9600/kms) or "
          + KeyProviderFactory.KEY_PROVIDER_PATH);
    }
    try {
      provider = KeyProviderFactory.get(new URI(location), hadoopConfiguration);
    } catch (URISyntaxException | IOException e) {
      throw new ParquetCryptoRuntimeException("cannot open key provider " + location + ": " + e.getMessage(), e);
    }
    if (provider == null) {
      throw new ParquetCryptoRuntimeException("no Hadoop key provider for " + location
          + "; use jceks://file/PATH or kms://http@HOST:PORT/kms");
    }
  }

  @Override
  protected byte[] getMasterKeyFromServer(String masterKeyIdentifier) throws KeyAccessDeniedException {
    KeyProvider.KeyVersion key;
    try {
      key = provider.getCurrentKey(masterKeyIdentifier);
    } catch (IOException e) {
      throw new KeyAccessDeniedException("cannot read master key '" + masterKeyIdentifier + "' from " + provider
          + ": " + e.getMessage(), e);
    }
    if (key == null || key.getMaterial() == null) {
      throw new KeyAccessDeniedException("master key '" + masterKeyIdentifier + "' is not in " + provider);
    }
    return key.getMaterial();
  }
}
