package org.idnet.keycloak.login;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time codes as the realm's OTP policy makes them (HmacSHA256, 6 digits,
 * 30 s), from a seed as the realm file holds it (Base32, RFC 4648): what an authenticator app
 * shows the sandbox's staff.
 */
record Totp(byte[] key, int digits, int periodSeconds) {

  static final int PERIOD = 30;

  static Totp ofBase32(String seed) {
    return new Totp(base32(seed), 6, PERIOD);
  }

  /** The code of the time step that holds {@code at}. */
  String at(Instant at) {
    return code(at.getEpochSecond() / periodSeconds);
  }

  static long step(Instant at) {
    return at.getEpochSecond() / PERIOD;
  }

  String code(long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = hash[hash.length - 1] & 0x0f;
      int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
          | (hash[offset + 3] & 0xff);
      int modulus = (int) Math.pow(10, digits);
      return String.format(Locale.ROOT, "%0" + digits + "d", binary % modulus);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] base32(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    String clean = text.replace("=", "").toUpperCase(Locale.ROOT);
    ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (char c : clean.toCharArray()) {
      int value = alphabet.indexOf(c);
      if (value < 0) {
        throw new IllegalArgumentException("not Base32: " + c);
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
