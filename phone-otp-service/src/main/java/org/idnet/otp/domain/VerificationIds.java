package org.idnet.otp.domain;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Verification ids: 16 random bytes as 22 URL-safe characters, so ids can't be guessed or enumerated. */
public final class VerificationIds {

  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}");

  private final SecureRandom random;

  public VerificationIds(SecureRandom random) {
    this.random = random;
  }

  public String next() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether a caller-supplied id could be one of ours; anything else is simply "not found". */
  public static boolean wellFormed(String id) {
    return id != null && SHAPE.matcher(id).matches();
  }
}
