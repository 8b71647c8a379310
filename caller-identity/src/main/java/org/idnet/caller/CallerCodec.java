package org.idnet.caller;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encodes a {@link Caller} into one metadata value and signs it with HMAC-SHA256, so that a
 * service trusts caller identity only from holders of the internal key (the gateway and the
 * other services), never from whoever can open a socket to it.
 *
 * <p>Value layout: {@code v1|issuedAtEpochSeconds|subject|clientId|agencyId|role,role} with each
 * field URL-encoded; the signature travels beside it. A value older than {@code maxAge} is
 * refused, which bounds replay of a captured value.
 */
public final class CallerCodec {

  private static final String VERSION = "v1";
  private static final int MIN_KEY_BYTES = 32;

  private final SecretKeySpec key;
  private final Clock clock;
  private final Duration maxAge;

  public CallerCodec(byte[] key, Clock clock, Duration maxAge) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("the caller signing key must have at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** Builds a codec from a base64 key as it appears in configuration. */
  public static CallerCodec fromBase64Key(String base64Key) {
    if (base64Key == null || base64Key.isBlank()) {
      throw new IllegalArgumentException("idnet.caller.signing-key is not set");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("idnet.caller.signing-key is not valid base64", e);
    }
    return new CallerCodec(key, Clock.systemUTC(), Duration.ofSeconds(60));
  }

  public String encode(Caller caller) {
    return String.join("|",
        VERSION,
        Long.toString(clock.instant().getEpochSecond()),
        enc(caller.subject()),
        enc(caller.clientId()),
        enc(caller.agencyId()),
        enc(String.join(",", caller.roles())));
  }

  public String sign(String encoded) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(encoded));
  }

  /** Returns the caller, or throws {@link InvalidCallerException} if the value is forged, malformed or stale. */
  public Caller verify(String encoded, String signature) {
    if (encoded == null || signature == null) {
      throw new InvalidCallerException("no caller identity");
    }
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw new InvalidCallerException("malformed caller signature");
    }
    if (!MessageDigest.isEqual(given, mac(encoded))) {
      throw new InvalidCallerException("caller signature does not verify");
    }
    List<String> parts = Arrays.asList(encoded.split("\\|", -1));
    if (parts.size() != 6 || !VERSION.equals(parts.get(0))) {
      throw new InvalidCallerException("malformed caller identity");
    }
    Instant issuedAt;
    try {
      issuedAt = Instant.ofEpochSecond(Long.parseLong(parts.get(1)));
    } catch (NumberFormatException e) {
      throw new InvalidCallerException("malformed caller identity");
    }
    Instant now = clock.instant();
    if (issuedAt.isBefore(now.minus(maxAge)) || issuedAt.isAfter(now.plus(maxAge))) {
      throw new InvalidCallerException("caller identity is stale");
    }
    String roles = dec(parts.get(5));
    Set<String> roleSet = new LinkedHashSet<>();
    if (!roles.isEmpty()) {
      roleSet.addAll(Arrays.asList(roles.split(",")));
    }
    return new Caller(dec(parts.get(2)), dec(parts.get(3)), dec(parts.get(4)), roleSet);
  }

  private byte[] mac(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
