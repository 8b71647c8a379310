package org.idnet.keysets;

import java.security.GeneralSecurityException;

/**
 * The KMS could not be asked, or refused to answer: unreachable, credentials refused, no such key.
 * Not "this ciphertext does not decrypt", which is a plain {@link GeneralSecurityException}: the
 * operator's fix differs (the KMS settings, not the keyset file), so the messages do too.
 */
public class KmsUnavailableException extends GeneralSecurityException {

  public KmsUnavailableException(String message) {
    super(message);
  }

  public KmsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The first {@code KmsUnavailableException} in {@code failure}'s cause chain, or null. */
  static KmsUnavailableException in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KmsUnavailableException unavailable) {
        return unavailable;
      }
    }
    return null;
  }
}
