package org.idnet.identity.store;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.idnet.keysets.TinkRegistration;

/**
 * Field-by-field encryption of personal data before it reaches PostgreSQL (Tink AEAD,
 * AES-256-GCM). Tink prefixes each ciphertext with its key id, so after a key rotation older rows
 * still decrypt with the key that wrote them.
 */
public final class FieldCipher {

  private final Aead aead;

  public FieldCipher(KeyProvider keys) {
    TinkRegistration.ensure();
    try {
      this.aead = keys.fieldEncryptionKeyset().getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the field-encryption keyset does not give an AEAD", e);
    }
  }

  public byte[] encrypt(String plaintext, FieldRef field) {
    try {
      return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), field.associatedData());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not encrypt " + field.table() + "." + field.column(), e);
    }
  }

  /** As {@link #encrypt(String, FieldRef)}, for a binary value (an import batch's upload). */
  public byte[] encryptBytes(byte[] plaintext, FieldRef field) {
    try {
      return aead.encrypt(plaintext, field.associatedData());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not encrypt " + field.table() + "." + field.column(), e);
    }
  }

  /** As {@link #decrypt(byte[], FieldRef)}, for a binary value. */
  public byte[] decryptBytes(byte[] ciphertext, FieldRef field) {
    try {
      return aead.decrypt(ciphertext, field.associatedData());
    } catch (GeneralSecurityException e) {
      throw new FieldDecryptionException(field, e);
    }
  }

  /** Throws {@link FieldDecryptionException} if the ciphertext was altered or belongs elsewhere. */
  public String decrypt(byte[] ciphertext, FieldRef field) {
    try {
      return new String(aead.decrypt(ciphertext, field.associatedData()), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new FieldDecryptionException(field, e);
    }
  }
}
