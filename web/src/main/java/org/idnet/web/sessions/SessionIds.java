package org.idnet.web.sessions;

import com.google.crypto.tink.prf.Prf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Session ids (32 random bytes, base64url: the cookie's value) and the names Redis knows them by,
 * {@code idnet:web:session:<HMAC-SHA256(id)>}: a dump of Redis names no cookie that would work.
 * The same keyed hash names other per-client things (the POST counters) without their value.
 */
public final class SessionIds {

  public static final String PREFIX = "idnet:web:session:";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
  private final SecureRandom random = new SecureRandom();
  private final Prf prf;

  public SessionIds(Prf prf) {
    this.prf = prf;
  }

  public String newId() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Only ids of our shape ever reach Redis. */
  public static boolean wellFormed(String id) {
    return id != null && ID.matcher(id).matches();
  }

  public String redisKey(String id) {
    return PREFIX + hash("session|" + id);
  }

  /** The keyed hash of {@code value} as hex (32 bytes): names a value without revealing it. */
  public String hash(String value) {
    try {
      return HexFormat.of().formatHex(prf.compute(value.getBytes(StandardCharsets.UTF_8), 32));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot hash a session id", e);
    }
  }
}
