package org.idnet.identity.vault;

import com.google.crypto.tink.KeysetHandle;
import java.util.Map;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.ServiceLayouts;

/**
 * The vault's keyset directory: three keysets, distinct key material each, as
 * {@link ServiceLayouts.Identity} declares them (shared with {@code bin/idnet-keysets}, which makes and
 * rotates them).
 */
abstract sealed class VaultKeysets implements KeyProvider permits KeysetFileKeyProvider, KmsKeyProvider {

  static final KeysetSpec FIELD_ENCRYPTION = ServiceLayouts.Identity.FIELD_ENCRYPTION;
  static final KeysetSpec BLIND_INDEX = ServiceLayouts.Identity.BLIND_INDEX;
  static final KeysetSpec SUBJECT_ID = ServiceLayouts.Identity.SUBJECT_ID;
  static final KeysetLayout LAYOUT = ServiceLayouts.Identity.LAYOUT;

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
