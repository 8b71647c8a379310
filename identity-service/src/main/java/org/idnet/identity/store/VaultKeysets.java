package org.idnet.identity.store;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.aead.AeadParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfParameters;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetLayout;
import org.idnet.keysets.KeysetSource;
import org.idnet.keysets.KeysetSpec;

/**
 * The vault's keysets, loaded at start-up from the directory {@code idnet.identity.keys} names:
 * plain Tink JSON files in the sandbox, files encrypted under a KMS master key in production (the
 * KMS is asked once, the keys then live only in memory). Three keysets, distinct key material
 * each. The file names and the service name "identity" are part of every deployed KMS-encrypted
 * keyset's associated data ({@code idnet-identity|aead-keyset.json}, ...): changing them makes
 * those keysets unreadable.
 */
public final class VaultKeysets implements KeyProvider {

  static final KeysetSpec FIELD_ENCRYPTION = new KeysetSpec("aead-keyset.json", PredefinedAeadParameters.AES256_GCM,
      AeadParameters.class);
  static final KeysetSpec BLIND_INDEX = new KeysetSpec("blind-index-keyset.json",
      PredefinedPrfParameters.HMAC_SHA256_PRF, PrfParameters.class);
  static final KeysetSpec SUBJECT_ID = new KeysetSpec("subject-id-keyset.json",
      PredefinedPrfParameters.HMAC_SHA256_PRF, PrfParameters.class);
  static final KeysetLayout LAYOUT = new KeysetLayout("identity", "idnet.identity.keys",
      List.of(FIELD_ENCRYPTION, BLIND_INDEX, SUBJECT_ID));

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
