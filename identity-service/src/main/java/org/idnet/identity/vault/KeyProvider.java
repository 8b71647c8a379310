package org.idnet.identity.vault;

import com.google.crypto.tink.KeysetHandle;

/**
 * Where the vault's keys come from: keyset files in the sandbox ({@link KeysetFileKeyProvider}), a
 * KMS in production (keysets encrypted under a KMS key, decrypted at start-up). The two keysets are
 * distinct key material: knowing the blind-index key decrypts nothing, and the reverse.
 */
public interface KeyProvider {

  /** AEAD keyset (AES-256-GCM) for field encryption; may hold older keys for rotation. */
  KeysetHandle fieldEncryptionKeyset();

  /** PRF keyset (HMAC-SHA256) for blind indexes; may hold older keys for rotation. */
  KeysetHandle blindIndexKeyset();
}
