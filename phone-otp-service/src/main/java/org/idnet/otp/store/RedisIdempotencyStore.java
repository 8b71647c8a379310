package org.idnet.otp.store;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.idnet.otp.domain.IdempotencyKey;
import org.idnet.otp.domain.IdempotencyStore;
import org.idnet.otp.domain.KeyClaim;
import org.idnet.otp.domain.KeyDerivation;
import org.idnet.otp.domain.PhoneVerificationView;
import org.idnet.otp.domain.VerificationStatus;

/**
 * Idempotency-Keys as Redis hashes {@code otp:idem:<keyed hash of platform and key>}: the body's
 * fingerprint, the claim, then the first answer (the number in it masked, the account id sealed
 * with {@link PhoneCipher} bound to this key's name). Both hashes are keyed
 * (HMAC with keys derived apart from the others): a plain SHA-256 of a body that is an account id
 * and a phone number could be reversed by trying every number, and a platform may put anything,
 * a phone number too, into its key.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {

  /** How long a claim lasts if its creation never reports back: far beyond an SMS call's timeouts. */
  static final Duration HOLD = Duration.ofMinutes(1);

  private static final LuaScript CLAIM = LuaScript.load("claim.lua");
  private static final LuaScript REMEMBER = LuaScript.load("remember.lua");
  private static final LuaScript UNCLAIM = LuaScript.load("unclaim.lua");

  private final RedisConnector redis;
  private final PhoneCipher cipher;
  private final byte[] nameKey;
  private final byte[] bodyKey;
  private final Duration window;
  private final SecureRandom random = new SecureRandom();

  public RedisIdempotencyStore(RedisConnector redis, PhoneCipher cipher, byte[] secret, Duration window) {
    this.redis = redis;
    this.cipher = cipher;
    this.nameKey = KeyDerivation.derive(secret, "idnet-otp/idempotency-key/v1");
    this.bodyKey = KeyDerivation.derive(secret, "idnet-otp/idempotency-body/v1");
    this.window = window;
  }

  @Override
  public KeyClaim claim(String platformId, IdempotencyKey key) {
    // Length-prefixed: a platform id may hold any character, the key follows it unambiguously.
    String name = RedisKeys.idempotencyKey(hash(nameKey,
        (platformId.length() + ":" + platformId + "|" + key.value()).getBytes(StandardCharsets.UTF_8)));
    String token = token();
    List<Object> result = redis.call(r -> CLAIM.run(r, List.of(name), hash(bodyKey, key.body()), token,
        Long.toString(HOLD.toMillis())));
    String verdict = (String) result.get(0);
    return switch (verdict) {
      case "claimed" -> new KeyClaim.Claimed(name, token);
      case "reused" -> new KeyClaim.Reused();
      case "in-use" -> new KeyClaim.InUse();
      case "answered" -> new KeyClaim.Answered(new PhoneVerificationView(
          text(result, 1), cipher.openAnswerAccount(text(result, 2), name), text(result, 3), VerificationStatus.valueOf(text(result, 4)),
          millis(result, 5), millis(result, 6), Integer.parseInt(text(result, 7))));
      default -> throw new IllegalStateException("unexpected claim verdict " + verdict);
    };
  }

  @Override
  public void remember(KeyClaim.Claimed claim, PhoneVerificationView answer) {
    redis.call(r -> REMEMBER.run(r, List.of(claim.handle()), claim.token(), Long.toString(window.toMillis()),
        "vid", answer.id(),
        "acc", cipher.sealAnswerAccount(answer.accountId(), claim.handle()),
        "ph", answer.maskedPhoneNumber(),
        "vs", answer.status().name(),
        "exp", Long.toString(answer.expiresAt().toEpochMilli()),
        "rsa", Long.toString(answer.resendAvailableAt().toEpochMilli()),
        "att", Integer.toString(answer.attemptsRemaining())));
  }

  @Override
  public void release(KeyClaim.Claimed claim) {
    redis.call(r -> UNCLAIM.run(r, List.of(claim.handle()), claim.token()));
  }

  private static String hash(byte[] key, byte[] value) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(KeyDerivation.hmac(key, value));
  }

  private String token() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String text(List<Object> result, int i) {
    Object value = result.get(i);
    if (value == null) {
      throw new IllegalStateException("an Idempotency-Key's stored answer lacks field " + i);
    }
    return (String) value;
  }

  private static Instant millis(List<Object> result, int i) {
    return Instant.ofEpochMilli(Long.parseLong(text(result, i)));
  }
}
