package org.idnet.otp.store;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.idnet.otp.domain.CheckOutcome;
import org.idnet.otp.domain.CodeChecks;
import org.idnet.otp.domain.FailureReason;
import org.idnet.otp.domain.OtpPolicy;
import org.idnet.otp.domain.Refusal;
import org.idnet.otp.domain.SharedCeiling;
import org.idnet.otp.domain.Verification;

/** Code checks as Lua scripts: each state change is one atomic step in Redis. */
public final class RedisCodeChecks implements CodeChecks {

  private static final LuaScript CHECK = LuaScript.load("check.lua");
  private static final LuaScript APPROVE = LuaScript.load("approve.lua");
  private static final LuaScript RELEASE = LuaScript.load("release.lua");

  private final RedisConnector redis;
  private final RedisKeys keys;
  private final OtpPolicy policy;
  private final SecureRandom random = new SecureRandom();

  public RedisCodeChecks(RedisConnector redis, PhoneIndex index, OtpPolicy policy) {
    this.redis = redis;
    this.keys = new RedisKeys(index);
    this.policy = policy;
  }

  @Override
  public CheckOutcome consume(Verification v, String candidateHash, Instant now) {
    String token = token();
    SharedCeiling failed = policy.failedChecks();
    List<Object> result = redis.call(r -> CHECK.run(r,
        List.of(RedisKeys.verification(v.id()), keys.failedChecks(v.phone()),
            keys.failedChecksOfPlatform(v.phone(), v.platformId())),
        candidateHash,
        Long.toString(now.toEpochMilli()),
        Integer.toString(failed.total()),
        Long.toString(failed.window().toMillis()),
        Long.toString(now.plus(policy.bindLease()).toEpochMilli()),
        token,
        Integer.toString(failed.perPlatform())));
    String verdict = (String) result.get(0);
    return switch (verdict) {
      case "matched" -> new CheckOutcome.Matched(token);
      case "wrong" -> new CheckOutcome.Mismatched(((Long) result.get(1)).intValue());
      case "not-found" -> refused(Refusal.of(FailureReason.NOT_FOUND));
      case "closed" -> refused(Refusal.of(FailureReason.VERIFICATION_CLOSED));
      case "in-progress" -> refused(Refusal.of(FailureReason.VERIFICATION_IN_PROGRESS));
      case "too-many" -> refused(Refusal.retryAfter(FailureReason.TOO_MANY_FAILED_CHECKS,
          Duration.ofMillis(Math.max(0, (Long) result.get(1)))));
      default -> throw new IllegalStateException("unexpected check verdict " + verdict);
    };
  }

  /** Ignores the lease: once identity-service has bound the phone, approving is the only truthful state. */
  @Override
  public void approve(String verificationId, String leaseToken) {
    redis.call(r -> APPROVE.run(r, List.of(RedisKeys.verification(verificationId))));
  }

  @Override
  public void release(String verificationId, String leaseToken) {
    redis.call(r -> RELEASE.run(r, List.of(RedisKeys.verification(verificationId)), leaseToken));
  }

  private static CheckOutcome refused(Refusal refusal) {
    return new CheckOutcome.Refused(refusal);
  }

  private String token() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
