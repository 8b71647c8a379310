package org.idnet.otp.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.idnet.otp.domain.OtpPolicy;
import org.idnet.otp.domain.Verification;
import org.idnet.otp.domain.VerificationState;
import org.idnet.otp.domain.VerificationStore;

/**
 * Verifications as Redis hashes ({@code otp:v:<id>}): the phone and the account id (often an e-mail
 * address) sealed with AES-GCM bound to the id, the code only as its HMAC, times in epoch
 * milliseconds. A hash outlives its code by the
 * retention period, so an expired verification still reads EXPIRED for a while.
 */
public final class RedisVerificationStore implements VerificationStore {

  private static final LuaScript INSERT = LuaScript.load("insert.lua");

  private final RedisConnector redis;
  private final PhoneCipher cipher;
  private final OtpPolicy policy;

  public RedisVerificationStore(RedisConnector redis, PhoneCipher cipher, OtpPolicy policy) {
    this.redis = redis;
    this.cipher = cipher;
    this.policy = policy;
  }

  @Override
  public void insert(Verification v) {
    List<String> args = new ArrayList<>();
    args.add(Long.toString(policy.codeTtl().plus(policy.retention()).toMillis()));
    add(args, "pid", v.platformId());
    add(args, "acc", cipher.sealAccount(v.accountId(), v.id()));
    add(args, "ph", cipher.seal(v.phone(), v.id()));
    add(args, "st", v.state().name());
    add(args, "ch", v.codeHash());
    add(args, "att", Integer.toString(v.attemptsRemaining()));
    add(args, "snd", Integer.toString(v.sends()));
    add(args, "exp", Long.toString(v.expiresAt().toEpochMilli()));
    add(args, "rsa", Long.toString(v.resendAvailableAt().toEpochMilli()));
    List<Object> result = redis.call(r -> INSERT.run(r, List.of(RedisKeys.verification(v.id())), args.toArray(String[]::new)));
    if (((Long) result.get(0)) != 1L) {
      throw new IllegalStateException("verification id collision");
    }
  }

  @Override
  public Optional<Verification> find(String id) {
    Map<String, String> fields = redis.call(r -> r.hgetall(RedisKeys.verification(id)));
    if (fields == null || fields.isEmpty() || !fields.containsKey("ph")) {
      return Optional.empty();
    }
    return Optional.of(new Verification(
        id,
        fields.get("pid"),
        cipher.openAccount(fields.get("acc"), id),
        cipher.open(fields.get("ph"), id),
        VerificationState.valueOf(fields.get("st")),
        fields.getOrDefault("ch", ""),
        Integer.parseInt(fields.get("att")),
        Integer.parseInt(fields.get("snd")),
        millis(fields.get("exp")),
        millis(fields.get("rsa")),
        millis(fields.getOrDefault("lease", "0"))));
  }

  @Override
  public void delete(String id) {
    redis.call(r -> r.del(RedisKeys.verification(id)));
  }

  private static void add(List<String> args, String field, String value) {
    args.add(field);
    args.add(value);
  }

  private static Instant millis(String value) {
    return Instant.ofEpochMilli(Long.parseLong(value));
  }
}
