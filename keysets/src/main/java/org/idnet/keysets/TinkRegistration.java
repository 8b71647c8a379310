package org.idnet.keysets;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.signature.SignatureConfig;
import java.security.GeneralSecurityException;

/**
 * Registers the Tink primitives idnet uses (AEAD, PRF, signatures), once per JVM: Tink's registry
 * is global, and parsing or generating a keyset of a kind nobody registered fails.
 */
public final class TinkRegistration {

  private static volatile boolean registered;

  private TinkRegistration() {
  }

  public static void ensure() {
    if (registered) {
      return;
    }
    synchronized (TinkRegistration.class) {
      if (!registered) {
        try {
          AeadConfig.register();
          PrfConfig.register();
          SignatureConfig.register();
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("could not register the Tink AEAD, PRF and signature primitives", e);
        }
        registered = true;
      }
    }
  }
}
