package org.idnet.identity.store;

import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.idnet.keysets.TinkRegistration;

/**
 * Keyed blind indexes (HMAC-SHA256 PRF): equality look-ups of personal data without storing it.
 * The input is prefixed with a purpose ({@code phone}, later {@code citizen-id}), so equal strings
 * of different kinds never share an index. Without the key an index cannot be tested against
 * guesses, which matters because phone numbers are few enough to enumerate.
 */
public final class BlindIndex {

  /** 32 bytes: the full HMAC-SHA256 output, so collisions are out of the question. */
  static final int LENGTH = 32;

  private final PrfSet prfs;

  public BlindIndex(KeyProvider keys) {
    TinkRegistration.ensure();
    try {
      this.prfs = keys.blindIndexKeyset().getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the blind-index keyset does not give a PRF set", e);
    }
  }

  /** The index under the primary key: what new rows store. */
  public byte[] of(String purpose, String value) {
    try {
      return prfs.computePrimary(input(purpose, value), LENGTH);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not compute a blind index", e);
    }
  }

  /**
   * The index under every key of the keyset, primary first: what a look-up must match while rows
   * written under an older key are still being re-indexed after a rotation.
   */
  public List<byte[]> candidates(String purpose, String value) {
    byte[] input = input(purpose, value);
    try {
      List<byte[]> all = new ArrayList<>();
      all.add(prfs.computePrimary(input, LENGTH));
      for (Map.Entry<Integer, Prf> prf : prfs.getPrfs().entrySet()) {
        if (prf.getKey() != prfs.getPrimaryId()) {
          all.add(prf.getValue().compute(input, LENGTH));
        }
      }
      return List.copyOf(all);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not compute a blind index", e);
    }
  }

  private static byte[] input(String purpose, String value) {
    return (purpose + "|" + value).getBytes(StandardCharsets.UTF_8);
  }
}
