package org.idnet.otp.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.idnet.otp.domain.FailureReason;
import org.idnet.otp.domain.OtpPolicy;
import org.idnet.otp.domain.Refusal;
import org.idnet.otp.domain.ResendOutcome;
import org.idnet.otp.domain.ResendReservation;
import org.idnet.otp.domain.ResendStore;
import org.idnet.otp.domain.SendPermit;
import org.idnet.otp.domain.SharedCeiling;
import org.idnet.otp.domain.Verification;
import org.idnet.otp.domain.VerificationState;

/** Resends as two Lua scripts: reserve (check and replace the code) and undo. */
public final class RedisResendStore implements ResendStore {

  private static final LuaScript RESEND = LuaScript.load("resend.lua");
  private static final LuaScript UNRESEND = LuaScript.load("unresend.lua");

  private final RedisConnector redis;
  private final RedisKeys keys;
  private final OtpPolicy policy;

  public RedisResendStore(RedisConnector redis, PhoneIndex index, OtpPolicy policy) {
    this.redis = redis;
    this.keys = new RedisKeys(index);
    this.policy = policy;
  }

  @Override
  public ResendOutcome reserve(Verification v, String newCodeHash, Instant now) {
    List<String> prefixCounters = List.of(keys.perPrefix(v.phone(), policy.prefixLength()),
        keys.perPrefixOfPlatform(v.phone(), policy.prefixLength(), v.platformId()));
    SharedCeiling prefix = policy.sendsPerPrefix();
    Instant nextResend = now.plus(policy.resendInterval());
    Instant expiresAt = now.plus(policy.codeTtl());
    List<Object> result = redis.call(r -> RESEND.run(r,
        List.of(RedisKeys.verification(v.id()), prefixCounters.get(0), prefixCounters.get(1)),
        newCodeHash,
        Long.toString(now.toEpochMilli()),
        Long.toString(nextResend.toEpochMilli()),
        Long.toString(expiresAt.toEpochMilli()),
        Integer.toString(policy.maxSends()),
        Integer.toString(prefix.total()),
        Long.toString(prefix.window().toMillis()),
        Long.toString(policy.codeTtl().plus(policy.retention()).toMillis()),
        Integer.toString(prefix.perPlatform())));
    String verdict = (String) result.get(0);
    return switch (verdict) {
      case "ok" -> {
        int previousSends = Integer.parseInt((String) result.get(2));
        ResendReservation reservation = new ResendReservation(v.id(), newCodeHash, (String) result.get(1),
            previousSends, Instant.ofEpochMilli(Long.parseLong((String) result.get(3))),
            Instant.ofEpochMilli(Long.parseLong((String) result.get(4))), new SendPermit(prefixCounters));
        Verification updated = new Verification(v.id(), v.platformId(), v.accountId(), v.phone(),
            VerificationState.PENDING, newCodeHash, Integer.parseInt((String) result.get(5)), previousSends + 1,
            expiresAt, nextResend, Instant.EPOCH);
        yield new ResendOutcome.Reserved(reservation, updated);
      }
      case "not-found" -> refused(Refusal.of(FailureReason.NOT_FOUND));
      case "closed" -> refused(Refusal.of(FailureReason.VERIFICATION_CLOSED));
      case "in-progress" -> refused(Refusal.of(FailureReason.VERIFICATION_IN_PROGRESS));
      case "send-limit" -> refused(Refusal.of(FailureReason.SEND_LIMIT_REACHED));
      case "too-soon" -> refused(Refusal.retryAfter(FailureReason.RESEND_TOO_SOON, millis(result.get(1))));
      case "prefix" -> refused(Refusal.prefixCap(millis(result.get(1))));
      default -> throw new IllegalStateException("unexpected resend verdict " + verdict);
    };
  }

  @Override
  public void undo(ResendReservation r, Instant now) {
    Duration keep = Duration.between(now, r.previousExpiresAt()).plus(policy.retention());
    long ttl = Math.max(1000, keep.toMillis());
    List<String> keysOfUndo = new ArrayList<>();
    keysOfUndo.add(RedisKeys.verification(r.verificationId()));
    keysOfUndo.addAll(r.permit().counters());
    redis.call(c -> UNRESEND.run(c, keysOfUndo,
        r.newCodeHash(),
        r.previousCodeHash(),
        Integer.toString(r.previousSends()),
        Long.toString(r.previousResendAvailableAt().toEpochMilli()),
        Long.toString(r.previousExpiresAt().toEpochMilli()),
        Long.toString(ttl)));
  }

  private static ResendOutcome refused(Refusal refusal) {
    return new ResendOutcome.Refused(refusal);
  }

  private static Duration millis(Object value) {
    return Duration.ofMillis(Math.max(0, (Long) value));
  }
}
