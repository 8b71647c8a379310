package org.idnet.webhooks.endpoints.domain;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * An endpoint's signing secret: 32 random bytes, shown to the platform once as {@code whsec_}
 * and base64, the form Standard Webhooks libraries read. The bytes are the HMAC-SHA256 key.
 */
public final class SigningSecret {

  public static final String PREFIX = "whsec_";
  private static final int LENGTH = 32;
  private final byte[] key;

  private SigningSecret(byte[] key) {
    this.key = key.clone();
  }

  public static SigningSecret generate(SecureRandom random) {
    byte[] key = new byte[LENGTH];
    random.nextBytes(key);
    return new SigningSecret(key);
  }

  public static SigningSecret of(byte[] key) {
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("a signing secret has " + LENGTH + " bytes");
    }
    return new SigningSecret(key);
  }

  public byte[] key() {
    return key.clone();
  }

  /** What the platform configures in its receiver. */
  public String reveal() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SigningSecret s && java.security.MessageDigest.isEqual(key, s.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  /** Never the secret itself: an endpoint's secret must not reach a log by accident. */
  @Override
  public String toString() {
    return "SigningSecret[hidden]";
  }
}
