package org.idnet.identity.store;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Cache values that only identity-service can have written: {@code <payload>|<expiry>|<mac>}, the
 * MAC over the Redis key, the payload and the expiry (epoch milliseconds), under the blind-index
 * keyset, which never leaves identity-service (held like the vault's other keys: a keyset file, KMS
 * encrypted in production). Redis is shared with other processes and its password is not a secret
 * of identity-service alone, so a value is believed only if it opens here:
 * <ul>
 *   <li>bound to its key: a value copied to another account's key does not open;</li>
 *   <li>bound to its expiry, checked against the reader's clock: a genuine value replayed after
 *       the life it was written with does not open (within that life, up to the cache's TTL, an
 *       older genuine value of the same key can be put back: the limit of a cache without a
 *       version per key);</li>
 *   <li>under any key of the keyset, the primary first: a rotation of the blind-index keyset does
 *       not turn the entries written before it into rejections.</li>
 * </ul>
 * The purpose {@code cache-entry} keeps these MACs apart from every blind index of the same keyset.
 */
final class SealedEntries {

  static final String PURPOSE = "cache-entry";
  /** 128 bits: forging one is out of reach, and the value stays short. */
  private static final int MAC_BYTES = 16;
  private static final int MAC_CHARS = 22;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** What reading a value gave; the payload only when {@link Outcome#OPENED}. */
  record Opened(Outcome outcome, String payload) {
  }

  enum Outcome {
    OPENED,
    /** A genuine value whose life is over: replayed, or a clock far off. */
    EXPIRED,
    /** Not a value sealed with this keyset for this key: malformed, or its MAC does not verify. */
    FORGED
  }

  private final BlindIndex keys;

  SealedEntries(BlindIndex keys) {
    this.keys = keys;
  }

  String seal(String key, String payload, Instant expiresAt) {
    String signed = payload + "|" + expiresAt.toEpochMilli();
    return signed + "|" + BASE64URL.encodeToString(Arrays.copyOf(keys.of(PURPOSE, input(key, signed)), MAC_BYTES));
  }

  Opened open(String key, String value, Instant now) {
    int macAt = value.lastIndexOf('|');
    int expiryAt = macAt < 0 ? -1 : value.lastIndexOf('|', macAt - 1);
    if (expiryAt < 0 || value.length() - macAt - 1 != MAC_CHARS) {
      return new Opened(Outcome.FORGED, null);
    }
    byte[] mac;
    long expiry;
    try {
      mac = DECODER.decode(value.substring(macAt + 1));
      expiry = Long.parseLong(value, expiryAt + 1, macAt, 10);
    } catch (IllegalArgumentException e) {
      return new Opened(Outcome.FORGED, null);
    }
    String signed = value.substring(0, macAt);
    if (!verifies(mac, input(key, signed))) {
      return new Opened(Outcome.FORGED, null);
    }
    if (now.toEpochMilli() >= expiry) {
      return new Opened(Outcome.EXPIRED, null);
    }
    return new Opened(Outcome.OPENED, value.substring(0, expiryAt));
  }

  /** The primary key first, and the others only if it fails: one HMAC per genuine entry. */
  private boolean verifies(byte[] mac, String input) {
    if (MessageDigest.isEqual(mac, Arrays.copyOf(keys.of(PURPOSE, input), MAC_BYTES))) {
      return true;
    }
    for (byte[] candidate : keys.candidates(PURPOSE, input)) {
      if (MessageDigest.isEqual(mac, Arrays.copyOf(candidate, MAC_BYTES))) {
        return true;
      }
    }
    return false;
  }

  private static String input(String key, String signed) {
    return key + "|" + signed;
  }
}
