package org.idnet.identity.vault;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;
import java.security.GeneralSecurityException;

/** Registers the only Tink primitives the vault uses, once per JVM (Tink's registry is global). */
final class TinkRegistration {

  private static volatile boolean registered;

  private TinkRegistration() {
  }

  static void ensure() {
    if (registered) {
      return;
    }
    synchronized (TinkRegistration.class) {
      if (!registered) {
        try {
          AeadConfig.register();
          PrfConfig.register();
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("could not register Tink AEAD and PRF primitives", e);
        }
        registered = true;
      }
    }
  }
}
