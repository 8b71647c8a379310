package org.idnet.identity.store;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSource;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.ServiceLayouts;

/**
 * The vault's keysets, loaded at start-up from the directory {@code idnet.identity.keys} names:
 * plain Tink JSON files in the sandbox, files encrypted under a KMS master key in production (the
 * KMS is asked once, the keys then live only in memory). Three keysets, distinct key material
 * each, as {@link ServiceLayouts.Identity} declares them (shared with {@code bin/idnet-keysets},
 * which makes and rotates them).
 */
public final class VaultKeysets implements KeyProvider {

  static final KeysetSpec FIELD_ENCRYPTION = ServiceLayouts.Identity.FIELD_ENCRYPTION;
  static final KeysetSpec BLIND_INDEX = ServiceLayouts.Identity.BLIND_INDEX;
  static final KeysetSpec SUBJECT_ID = ServiceLayouts.Identity.SUBJECT_ID;
  static final KeysetLayout LAYOUT = ServiceLayouts.Identity.LAYOUT;

  public static final String AEAD_FILE = FIELD_ENCRYPTION.fileName();
  public static final String BLIND_INDEX_FILE = BLIND_INDEX.fileName();
  public static final String SUBJECT_ID_FILE = SUBJECT_ID.fileName();

  private final Map<KeysetSpec, KeysetHandle> keysets;

  private VaultKeysets(KeysetDirectory directory) {
    this.keysets = directory.load();
  }

  /**
   * The keysets {@code source} names; a missing or wrong keyset stops the start-up with a message
   * naming the file and the setting.
   *
   * @param provided a KMS client the deployment provides, or one supplying null: then the client for
   *     the key URI (Vault transit for {@code hcvault://}, with {@code idnet.identity.keys.vault.*})
   */
  public static VaultKeysets open(KeysetSource source, Supplier<KmsClient> provided) {
    return new VaultKeysets(KeysetDirectory.open(LAYOUT, source, provided));
  }

  /** Plain keyset files: the sandbox and tests; {@code createIfMissing} generates development keys. */
  public static VaultKeysets plain(Path directory, boolean createIfMissing) {
    return open(KeysetSource.files(directory, createIfMissing), null);
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
