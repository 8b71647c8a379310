package org.idnet.identity.hosted.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;

/**
 * The hosted flow's secrets (launch token, session secret, result reference): 32 random bytes shown
 * once as 43 base64url characters, kept only as SHA-256 and compared in constant time; and the
 * external ids of sessions ({@code vs_}) and return URLs ({@code ru_}): a row's uuid in 22 base64url
 * characters.
 */
public final class SessionTokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  /** The last character of 32 bytes carries four bits: others would be a second spelling of one token. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]");

  private SessionTokens() {
  }

  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  public static boolean isWellFormed(String token) {
    return token != null && TOKEN.matcher(token).matches();
  }

  /** SHA-256 of the token as sent (43 characters): what a row keeps of it. */
  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of a token with a kept hash. */
  public static boolean matches(String token, byte[] kept) {
    return kept != null && MessageDigest.isEqual(hash(token), kept);
  }

  public static String external(String prefix, UUID id) {
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    return prefix + BASE64URL.encodeToString(bytes.array());
  }

  /**
   * The uuid an external id names, or {@code reason} (the field's invalid-… code) unless it is
   * {@code prefix} and 22 base64url characters whose last carries only two bits.
   */
  public static UUID parse(String prefix, String external, FailureReason reason, String field) {
    if (external == null || !external.startsWith(prefix) || external.length() != prefix.length() + 22
        || !external.substring(prefix.length()).matches("[A-Za-z0-9_-]{21}[AQgw]")) {
      throw IdentityException.invalid(reason, field, field + " must be " + prefix + " followed by 22 base64url characters");
    }
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(external.substring(prefix.length())));
    return new UUID(bytes.getLong(), bytes.getLong());
  }
}
