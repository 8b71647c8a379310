package org.idnet.webhooks.store;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PrfSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.idnet.keysets.TinkRegistration;

/**
 * The key under which one account's deliveries are kept in order: 16 bytes of HMAC-SHA256 of
 * (platform, account) under the account-order keyset's primary key. Rotating that key only
 * starts a new order for deliveries stored after it (the one before may then run in parallel
 * with it), which a rotation between two events of one account makes rare and harmless.
 */
public final class AccountOrderKey {

  private static final int LENGTH = 16;
  private final PrfSet prfs;

  public AccountOrderKey(KeysetHandle keyset) {
    TinkRegistration.ensure();
    try {
      this.prfs = keyset.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the account-order keyset does not give a PRF", e);
    }
  }

  public byte[] of(String platformId, String accountId) {
    try {
      return prfs.computePrimary((platformId + "\n" + accountId).getBytes(StandardCharsets.UTF_8), LENGTH);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not compute an account-order key", e);
    }
  }
}
