package org.idnet.otp.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.idnet.otp.domain.SentSms;
import org.idnet.otp.domain.SmsOutbox;
import org.idnet.otp.domain.SmsSender;
import org.idnet.phone.PhoneNumber;

/**
 * The sandbox's SMS network: messages go to a capped Redis list that developers read through
 * ListSms. This is the one place where a plain number and code sit in Redis, by design, and it
 * exists only with the sandbox profile.
 */
public final class RedisSmsOutbox implements SmsSender, SmsOutbox {

  static final String KEY = "otp:sandbox:outbox";
  private static final int CAPACITY = 1000;
  private static final long TTL_SECONDS = 24 * 3600;

  private final RedisConnector redis;
  private final Clock clock;

  public RedisSmsOutbox(RedisConnector redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  @Override
  public void send(PhoneNumber to, String text) {
    String entry = clock.instant().toEpochMilli() + "|" + to.e164() + "|" + text;
    redis.call(r -> {
      r.lpush(KEY, entry);
      r.ltrim(KEY, 0, CAPACITY - 1);
      return r.expire(KEY, TTL_SECONDS);
    });
  }

  @Override
  public List<SentSms> recent(String to) {
    List<String> entries = redis.call(r -> r.lrange(KEY, 0, -1));
    List<SentSms> messages = new ArrayList<>();
    for (String entry : entries) {
      String[] parts = entry.split("\\|", 3);
      if (parts.length == 3 && (to == null || to.isEmpty() || to.equals(parts[1]))) {
        messages.add(new SentSms(parts[1], parts[2], Instant.ofEpochMilli(Long.parseLong(parts[0]))));
      }
    }
    return messages;
  }
}
