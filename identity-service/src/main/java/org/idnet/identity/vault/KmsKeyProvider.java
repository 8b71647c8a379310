package org.idnet.identity.vault;

import com.google.crypto.tink.KmsClient;
import java.nio.file.Path;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.vault.VaultSettings;

/**
 * Production keys: the vault's keysets stored encrypted under a master key that never leaves the
 * KMS; the KMS is asked once at start-up and the keys then live only in memory. A stolen keyset
 * file is useless without the KMS, and a keyset file put in the place of another does not decrypt.
 *
 * <p>{@code createIfMissing} generates and writes encrypted keysets on a first deployment; it
 * must be switched off afterwards, since a lost keyset would otherwise be replaced silently.
 */
public final class KmsKeyProvider extends VaultKeysets {

  /**
   * @param keyUri the master key, e.g. {@code hcvault://vault.vault.svc:8200/transit/keys/idnet-identity}
   * @param kms a client that supports {@code keyUri}, with its credentials
   */
  public KmsKeyProvider(Path directory, String keyUri, KmsClient kms, boolean createIfMissing) {
    super(KeysetDirectory.kms(LAYOUT, directory, keyUri, kms, createIfMissing));
  }

  /**
   * The KMS client for {@code keyUri}: Vault transit for {@code hcvault://} keys, logged in with
   * {@code vault} ({@code idnet.identity.keys.vault.*}), else a registered client or a Tink KMS
   * extension on the class path; null if none.
   */
  public static KmsClient clientFor(String keyUri, VaultSettings vault) {
    return KeysetDirectory.kmsClientFor(LAYOUT, keyUri, vault);
  }
}
