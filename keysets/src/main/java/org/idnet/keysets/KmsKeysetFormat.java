package org.idnet.keysets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keysets encrypted under a KMS master key (Tink's encrypted keyset format, JSON): production. The
 * master key never leaves the KMS, which is asked only while the directory is loaded (one decryption
 * per keyset file, at start-up); the keys then live only in memory. The associated data binds each file to its service and role
 * ({@link KeysetLayout#associatedData}), so a keyset file put in the place of another does not decrypt.
 */
final class KmsKeysetFormat implements KeysetFormat {

  private static final Logger log = LoggerFactory.getLogger(KmsKeysetFormat.class);

  private final KeysetLayout layout;
  private final String keyUri;
  private final Aead master;

  private KmsKeysetFormat(KeysetLayout layout, String keyUri, Aead master) {
    this.layout = layout;
    this.keyUri = keyUri;
    this.master = master;
  }

  static KmsKeysetFormat connect(KeysetLayout layout, String keyUri, KmsClient kms) {
    if (keyUri == null || keyUri.isBlank()) {
      throw new IllegalStateException(layout.property("kms-key-uri") + " is not set: with "
          + layout.property("provider") + "=kms it must name the KMS master key, e.g. "
          + "hcvault://vault.example:8200/transit/keys/idnet-" + layout.service());
    }
    if (kms == null || !kms.doesSupport(keyUri)) {
      throw new IllegalStateException("no KMS client supports " + keyUri + ": name a Vault or OpenBao transit key "
          + "(hcvault://<host>:<port>/<mount>/keys/<name>, built in), or put the Tink KMS extension of another KMS "
          + "on the class path (e.g. tink-gcpkms, tink-awskms) or provide a KmsClient bean");
    }
    try {
      return new KmsKeysetFormat(layout, keyUri, kms.getAead(keyUri));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the KMS does not give the master key " + keyUri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public KeysetHandle parse(String content, KeysetSpec spec, Path file) {
    try {
      return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(content, master, layout.associatedData(spec));
    } catch (GeneralSecurityException e) {
      String unavailable = unavailable(e);
      throw new IllegalStateException(unavailable != null ? layout.describe(file) + " was not decrypted: "
          + unavailable : layout.describe(file) + " does not decrypt under the KMS key " + keyUri
          + ": another master key, an altered file, or the keyset of another role", e);
    }
  }

  @Override
  public String serialize(KeysetHandle handle, KeysetSpec spec) {
    try {
      return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, master, layout.associatedData(spec));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt " + layout.service() + " keyset " + spec.fileName()
          + " under the KMS key " + keyUri + ": " + e.getMessage(), e);
    }
  }

  /**
   * The KMS's own failure (unreachable, credentials refused, no such key) in {@code e}, said with
   * the settings to check; null when the KMS answered and the file simply does not decrypt.
   */
  private String unavailable(GeneralSecurityException e) {
    KmsUnavailableException cause = KmsUnavailableException.in(e);
    return cause == null ? null : "the KMS refused or could not be asked (" + cause.getMessage() + "); check "
        + layout.property("kms-key-uri") + " and the KMS login settings";
  }

  @Override
  public String missingAdvice() {
    return "Provide the keysets " + layout.allFiles() + ", encrypted under " + keyUri + ", in "
        + layout.property("directory") + " (or set " + layout.property("create-if-missing")
        + "=true once, on the first deployment)";
  }

  @Override
  public void generated(Path file) {
    log.warn("generated {} encrypted under the KMS key ({}=true); switch the setting off once the keysets exist",
        layout.describe(file), layout.property("create-if-missing"));
  }
}
