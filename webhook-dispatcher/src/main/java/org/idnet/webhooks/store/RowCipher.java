package org.idnet.webhooks.store;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.idnet.keysets.TinkRegistration;

/**
 * Tink AEAD (AES-256-GCM) for what webhook-dispatcher keeps secret: endpoints' signing secrets and
 * event bodies. The associated data names table, column and row, so a ciphertext copied into
 * another row or column does not decrypt.
 */
public final class RowCipher {

  private final Aead aead;

  public RowCipher(KeysetHandle keyset) {
    TinkRegistration.ensure();
    try {
      this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the secret keyset does not give an AEAD", e);
    }
  }

  public byte[] encrypt(byte[] plaintext, String table, String column, String row) {
    try {
      return aead.encrypt(plaintext, associatedData(table, column, row));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not encrypt " + table + "." + column, e);
    }
  }

  public byte[] decrypt(byte[] ciphertext, String table, String column, String row) {
    try {
      return aead.decrypt(ciphertext, associatedData(table, column, row));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(table + "." + column + " of a row does not decrypt: altered or moved", e);
    }
  }

  /**
   * The row part of the associated data: the row's id and the platform it belongs to, so a
   * ciphertext moved to another platform's row (an event to another platform's endpoint) does not
   * decrypt.
   */
  public static String row(String id, String platformId) {
    return id + "|" + platformId;
  }

  private static byte[] associatedData(String table, String column, String row) {
    return (table + "|" + column + "|" + row).getBytes(StandardCharsets.UTF_8);
  }
}
