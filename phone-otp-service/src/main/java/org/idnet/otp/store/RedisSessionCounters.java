package org.idnet.otp.store;

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
  public long read(String sessionId, String counter) {
    String value = redis.call(r -> r.get(key(sessionId, counter)));
    return value == null ? 0 : Long.parseLong(value);
  }
}
