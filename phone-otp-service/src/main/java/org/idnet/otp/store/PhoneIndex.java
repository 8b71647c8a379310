package org.idnet.otp.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.idnet.otp.domain.KeyDerivation;
import org.idnet.phone.PhoneNumber;

/**
 * Keyed hashes that name a phone number (or a number prefix) in Redis keys, so counters per
 * phone work without a plain number ever reaching Redis. Its key is derived apart from the code
 * hash key.
 */
public final class PhoneIndex {

  private final byte[] key;

  public PhoneIndex(byte[] secret) {
    this.key = KeyDerivation.derive(secret, "idnet-otp/phone-index/v1");
  }

  public String phone(PhoneNumber phone) {
    return digest("phone|" + phone.e164());
  }

  public String prefix(String prefix) {
    return digest("prefix|" + prefix);
  }

  /**
   * A phone as one platform uses it. Hashed as a pair, so a dump of Redis does not show which
   * platforms asked about the same number. E.164 holds no '|', so the encoding is unambiguous.
   */
  public String phoneOfPlatform(PhoneNumber phone, String platformId) {
    return digest("phone-platform|" + phone.e164() + "|" + platformId);
  }

  /** A number prefix as one platform sends into it, hashed as a pair like {@link #phoneOfPlatform}. */
  public String prefixOfPlatform(String prefix, String platformId) {
    return digest("prefix-platform|" + prefix + "|" + platformId);
  }

  private String digest(String value) {
    byte[] mac = KeyDerivation.hmac(key, value.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }
}
