package org.idnet.identity.store;

/**
 * A stored ciphertext did not decrypt for its place: tampered with, moved from another row, or
 * written under a key the keyset no longer holds. Names the place, never the content.
 */
public final class FieldDecryptionException extends RuntimeException {

  FieldDecryptionException(FieldRef field, Throwable cause) {
    super("ciphertext of " + field.table() + "." + field.column() + " row " + field.rowId() + " does not decrypt",
        cause);
  }
}
