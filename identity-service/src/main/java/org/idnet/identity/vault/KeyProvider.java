package org.idnet.identity.vault;

import com.google.crypto.tink.KeysetHandle;

/**
 * Where the vault's keys come from: keyset files in the sandbox ({@link KeysetFileKeyProvider}), a
 * KMS in production ({@link KmsKeyProvider}: keysets encrypted under a KMS key, decrypted at
 * start-up). The three keysets are distinct key material: knowing one opens nothing the others
 * protect.
 */
public interface KeyProvider {

  /** AEAD keyset (AES-256-GCM) for field encryption; may hold older keys for rotation. */
  KeysetHandle fieldEncryptionKeyset();

  /** PRF keyset (HMAC-SHA256) for blind indexes; may hold older keys for rotation. */
  KeysetHandle blindIndexKeyset();

  /**
   * PRF keyset (HMAC-SHA256) for pairwise subject ids. Kept apart from the blind-index key so
   * that neither can be used to link the other's outputs, and rotated on its own schedule: a
   * subject id, once issued, is stored and never recomputed ({@link SubjectIds}).
   */
  KeysetHandle subjectIdKeyset();
}
