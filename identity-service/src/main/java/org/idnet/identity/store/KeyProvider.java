package org.idnet.identity.store;

import com.google.crypto.tink.KeysetHandle;

/**
 * The vault's keys ({@link VaultKeysets}: keyset files in the sandbox, keysets encrypted under a
 * KMS key in production, decrypted at start-up). The three keysets are distinct key material:
 * knowing one opens nothing the others protect.
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
