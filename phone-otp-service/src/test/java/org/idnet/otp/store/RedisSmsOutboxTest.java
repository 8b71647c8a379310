package org.idnet.otp.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.idnet.otp.domain.SentSms;
import org.idnet.otp.testing.MutableClock;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.phone.PhoneNumber;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisSmsOutboxTest {

  static RedisConnector redis;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  RedisSmsOutbox outbox;

  @BeforeAll
  static void connect() {
    redis = new RedisConnector(OtpHarness.endpoint(TestStores.redis().uri() + "/8"), Duration.ofSeconds(1),
        Duration.ofMillis(200));
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @BeforeEach
  void reset() {
    redis.call(r -> r.flushdb());
    outbox = new RedisSmsOutbox(redis, clock);
  }

  @Test
  void recentWhenFilteredByNumberThenOnlyItsMessagesNewestFirst() {
    outbox.send(PhoneNumber.of(84, "912345678"), "first | with bar");
    clock.advance(Duration.ofSeconds(1));
    outbox.send(PhoneNumber.of(84, "987654321"), "other");
    clock.advance(Duration.ofSeconds(1));
    outbox.send(PhoneNumber.of(84, "912345678"), "second");

    List<SentSms> mine = outbox.recent("+84912345678");

    assertThat(mine).extracting(SentSms::text).containsExactly("second", "first | with bar");
    assertThat(mine.get(0).sentAt()).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
    assertThat(outbox.recent("")).hasSize(3);
  }

  @Test
  void sendWhenManyMessagesThenListCappedAndExpiring() {
    for (int i = 0; i < 1005; i++) {
      outbox.send(PhoneNumber.of(84, "912345678"), "m" + i);
    }
    assertThat(outbox.recent("")).hasSize(1000).first().extracting(SentSms::text).isEqualTo("m1004");
    Long ttl = redis.call(r -> r.ttl(RedisSmsOutbox.KEY));
    assertThat(ttl).isPositive();
  }
}
