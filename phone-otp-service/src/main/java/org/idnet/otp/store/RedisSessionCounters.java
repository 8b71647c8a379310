package org.idnet.otp.store;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import org.idnet.otp.domain.SessionCounters;

/**
 * A hosted session's counters: {@code otp:session:<sessionId>:<counter>}, created with a lifetime
 * that outlives the session (30 min) so that they cannot be reset while it runs. A session id is
 * a random identifier, no personal data.
 */
public final class RedisSessionCounters implements SessionCounters {

  /** Longer than a hosted session lives (30 min). */
  static final Duration LIFETIME = Duration.ofHours(1);

  /** DECR only while the key exists and is above zero. */
  private static final String GIVE_BACK =
      "if (tonumber(redis.call('GET', KEYS[1]) or '0') > 0) then return redis.call('DECR', KEYS[1]) end return 0";

  private final RedisConnector redis;

  public RedisSessionCounters(RedisConnector redis) {
    this.redis = redis;
  }

  static String key(String sessionId, String counter) {
    return "otp:session:" + sessionId + ":" + counter;
  }

  @Override
  public long increment(String sessionId, String counter) {
    String key = key(sessionId, counter);
    return redis.call(r -> {
      // Created with its lifetime first; INCR keeps it.
      r.set(key, "0", SetArgs.Builder.nx().px(LIFETIME.toMillis()));
      return r.incr(key);
    });
  }

  @Override
  public void decrement(String sessionId, String counter) {
    // Only an existing counter (a decrement never creates a key without its lifetime).
    String key = key(sessionId, counter);
    redis.call(r -> r.<Long>eval(GIVE_BACK, ScriptOutputType.INTEGER, key));
  }
}
