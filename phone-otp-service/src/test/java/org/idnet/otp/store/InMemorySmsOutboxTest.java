package org.idnet.otp.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.idnet.otp.domain.SentSms;
import org.idnet.otp.testing.MutableClock;
import org.idnet.phone.PhoneNumber;
import org.junit.jupiter.api.Test;

class InMemorySmsOutboxTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final InMemorySmsOutbox outbox = new InMemorySmsOutbox(clock);

  @Test
  void recentWhenFilteredByNumberThenItsLastMessageOnly() {
    outbox.send(PhoneNumber.of(84, "912345678"), "first");
    clock.advance(Duration.ofSeconds(1));
    outbox.send(PhoneNumber.of(84, "987654321"), "other");
    clock.advance(Duration.ofSeconds(1));
    outbox.send(PhoneNumber.of(84, "912345678"), "second");

    assertThat(outbox.recent("+84912345678"))
        .containsExactly(new SentSms("+84912345678", "second", Instant.parse("2026-01-01T00:00:02Z")));
    assertThat(outbox.recent("+84900000000")).isEmpty();
    assertThat(outbox.recent("")).extracting(SentSms::text).containsExactly("second", "other");
  }

  @Test
  void sendWhenMoreNumbersThanCapacityThenOldestForgotten() {
    for (int i = 0; i <= InMemorySmsOutbox.CAPACITY; i++) {
      outbox.send(PhoneNumber.of(84, String.format("93%07d", i)), "m" + i);
    }

    assertThat(outbox.recent("+84930000000")).isEmpty();
    assertThat(outbox.recent("+84930000001")).extracting(SentSms::text).containsExactly("m1");
    assertThat(outbox.recent(String.format("+8493%07d", InMemorySmsOutbox.CAPACITY))).hasSize(1);
    assertThat(outbox.recent(null)).hasSize(InMemorySmsOutbox.CAPACITY);
  }
}
