package org.idnet.otp.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.idnet.otp.domain.FailureReason;
import org.idnet.otp.domain.OtpPolicy;
import org.idnet.otp.domain.Refusal;
import org.idnet.otp.domain.SendDecision;
import org.idnet.otp.domain.SendLimiter;
import org.idnet.otp.domain.SendPermit;
import org.idnet.otp.domain.SharedCeiling;
import org.idnet.phone.PhoneNumber;

/**
 * Fixed-window counters per platform, per phone and per number prefix, the last two also per
 * (phone, platform) and (prefix, platform), all named by keyed hashes.
 */
public final class RedisSendLimiter implements SendLimiter {

  private static final LuaScript LIMIT = LuaScript.load("limit.lua");
  private static final LuaScript UNLIMIT = LuaScript.load("unlimit.lua");

  private final RedisConnector redis;
  private final RedisKeys keys;
  private final OtpPolicy policy;

  public RedisSendLimiter(RedisConnector redis, PhoneIndex index, OtpPolicy policy) {
    this.redis = redis;
    this.keys = new RedisKeys(index);
    this.policy = policy;
  }

  @Override
  public SendDecision acquire(String platformId, PhoneNumber phone, Instant now) {
    // One script call checks every counter and takes one from each, or takes nothing. Order
    // matters only for which limit is named when several are exhausted: a platform's own share
    // comes before the ceiling it shares with the others.
    SharedCeiling perPhone = policy.verificationsPerPhone();
    SharedCeiling perPrefix = policy.sendsPerPrefix();
    List<String> counters = List.of(
        RedisKeys.perPlatform(platformId),
        keys.perPhoneOfPlatform(phone, platformId),
        keys.perPhone(phone),
        keys.perPrefixOfPlatform(phone, policy.prefixLength(), platformId),
        keys.perPrefix(phone, policy.prefixLength()));
    List<Object> result = redis.call(r -> LIMIT.run(r, counters,
        Integer.toString(policy.maxVerificationsPerPlatform()), ms(policy.platformWindow()),
        Integer.toString(perPhone.perPlatform()), ms(perPhone.window()),
        Integer.toString(perPhone.total()), ms(perPhone.window()),
        Integer.toString(perPrefix.perPlatform()), ms(perPrefix.window()),
        Integer.toString(perPrefix.total()), ms(perPrefix.window())));
    String verdict = (String) result.get(0);
    if ("ok".equals(verdict)) {
      return new SendDecision.Granted(new SendPermit(counters));
    }
    Duration retry = Duration.ofMillis(Math.max(0, (Long) result.get(1)));
    // Counters 4 and 5 are the prefix's: the SMS-pumping guard, which raises the alarm.
    Refusal refusal = "4".equals(verdict) || "5".equals(verdict)
        ? Refusal.prefixCap(retry)
        : Refusal.retryAfter(FailureReason.RATE_LIMITED, retry);
    return new SendDecision.Refused(refusal);
  }

  @Override
  public void release(SendPermit permit) {
    redis.call(r -> UNLIMIT.run(r, permit.counters()));
  }

  private static String ms(Duration d) {
    return Long.toString(d.toMillis());
  }
}
