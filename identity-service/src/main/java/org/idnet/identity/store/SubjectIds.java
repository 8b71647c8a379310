package org.idnet.identity.store;

import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PrfSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;
import org.idnet.keysets.TinkRegistration;

/**
 * Pairwise subject ids: HMAC-SHA256 under the subject-id keyset (its own key, not the blind-index
 * one) of the platform id and the person's row id, 128 bits, base64url without padding (22
 * characters). Stable for a (person, platform) pair, unlinkable across platforms without the key,
 * and free of personal data: the input is a random row id, never the citizen id.
 *
 * <p>Computed once per pair and stored: after the key is rotated, new pairs get ids under the new
 * key while issued ids stay what platforms already know.
 */
public final class SubjectIds {

  static final int BYTES = 16;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final PrfSet prf;

  public SubjectIds(KeyProvider keys) {
    TinkRegistration.ensure();
    try {
      this.prf = keys.subjectIdKeyset().getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the subject-id keyset does not give a PRF set", e);
    }
  }

  public String of(String platformId, UUID personId) {
    // A row id has a fixed length at the end, so no two (platform, person) pairs share an input.
    byte[] input = ("subject|" + platformId + "|" + personId).getBytes(StandardCharsets.UTF_8);
    try {
      return BASE64URL.encodeToString(prf.computePrimary(input, BYTES));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not compute a subject id", e);
    }
  }
}
