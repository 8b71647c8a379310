package org.idnet.identity.vault;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfParameters;
import java.util.List;
import java.util.Map;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSpec;

/**
 * The vault's keyset directory: three keysets, distinct key material each. The file names and the
 * service name "identity" are part of every deployed KMS-encrypted keyset's associated data
 * ({@code idnet-identity|aead-keyset.json}, ...): changing them makes those keysets unreadable.
 */
abstract sealed class VaultKeysets implements KeyProvider permits KeysetFileKeyProvider, KmsKeyProvider {

  static final KeysetSpec FIELD_ENCRYPTION = new KeysetSpec("aead-keyset.json", PredefinedAeadParameters.AES256_GCM,
      AeadParameters.class);
  static final KeysetSpec BLIND_INDEX = new KeysetSpec("blind-index-keyset.json",
      PredefinedPrfParameters.HMAC_SHA256_PRF, PrfParameters.class);
  static final KeysetSpec SUBJECT_ID = new KeysetSpec("subject-id-keyset.json",
      PredefinedPrfParameters.HMAC_SHA256_PRF, PrfParameters.class);
  static final KeysetLayout LAYOUT = new KeysetLayout("identity", "idnet.identity.keys",
      List.of(FIELD_ENCRYPTION, BLIND_INDEX, SUBJECT_ID));

  private final Map<KeysetSpec, KeysetHandle> keysets;

  VaultKeysets(KeysetDirectory directory) {
    this.keysets = directory.load();
  }

  @Override
  public KeysetHandle fieldEncryptionKeyset() {
    return keysets.get(FIELD_ENCRYPTION);
  }

  @Override
  public KeysetHandle blindIndexKeyset() {
    return keysets.get(BLIND_INDEX);
  }

  @Override
  public KeysetHandle subjectIdKeyset() {
    return keysets.get(SUBJECT_ID);
  }
}
