package org.idnet.keysets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for a cloud KMS (Tink's GCP and AWS KMS extensions are not on this machine): master keys
 * named {@code local-kms://<name>} that live only inside this object, like keys inside a KMS, and
 * an AEAD per key, which is all Tink's envelope encryption asks of a KMS. Counts the calls, since a
 * real KMS is asked only at start-up.
 */
public final class LocalKmsClient implements KmsClient {

  public static final String PREFIX = "local-kms://";

  private final Map<String, Aead> keys = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  @Override
  public boolean doesSupport(String keyUri) {
    return keyUri != null && keyUri.startsWith(PREFIX);
  }

  @Override
  public KmsClient withCredentials(String credentialPath) {
    return this;
  }

  @Override
  public KmsClient withDefaultCredentials() {
    return this;
  }

  @Override
  public Aead getAead(String keyUri) throws GeneralSecurityException {
    if (!doesSupport(keyUri)) {
      throw new GeneralSecurityException("unsupported key URI");
    }
    requests.incrementAndGet();
    TinkRegistration.ensure();
    Aead master = keys.computeIfAbsent(keyUri, uri -> {
      try {
        return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
            .getPrimitive(RegistryConfiguration.get(), Aead.class);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
    return master;
  }

  public int requests() {
    return requests.get();
  }
}
