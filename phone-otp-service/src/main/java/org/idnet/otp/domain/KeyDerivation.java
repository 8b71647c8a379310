package org.idnet.otp.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives purpose-bound keys from one configured secret (HMAC-SHA256 of a label, i.e. one HKDF
 * expand block), so the code hash and the phone index never share a key.
 */
public final class KeyDerivation {

  private KeyDerivation() {
  }

  /** Decodes a base64 secret from configuration, naming the property in every error. */
  public static byte[] decode(String property, String base64, int minBytes) {
    if (base64 == null || base64.isBlank()) {
      throw new IllegalArgumentException(property + " is required (base64, at least " + minBytes + " bytes)");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + " is not valid base64");
    }
    if (key.length < minBytes) {
      throw new IllegalArgumentException(property + " must decode to at least " + minBytes + " bytes");
    }
    return key;
  }

  public static byte[] derive(byte[] secret, String label) {
    return hmac(secret, label.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
