package org.idnet.otp.store;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idnet.otp.domain.SentSms;
import org.idnet.otp.domain.SmsOutbox;
import org.idnet.otp.domain.SmsSender;
import org.idnet.phone.PhoneNumber;

/**
 * The benchmark's SMS network (adapter {@code recording}, sandbox profile only): nothing is sent and
 * nothing is written to Redis; the last message to each number stays in this process's memory, readable
 * through ListSms, so that a load driver can complete the check of every flow without the SMS adapter's
 * cost (quality.md's P4 excludes it). Bounded: the oldest numbers are forgotten past {@link #CAPACITY}.
 */
public final class InMemorySmsOutbox implements SmsSender, SmsOutbox {

  static final int CAPACITY = 10_000;

  private final Clock clock;
  private final Map<String, SentSms> last = new LinkedHashMap<>(CAPACITY * 4 / 3 + 1, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, SentSms> eldest) {
      return size() > CAPACITY;
    }
  };

  public InMemorySmsOutbox(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void send(PhoneNumber to, String text) {
    SentSms sms = new SentSms(to.e164(), text, clock.instant());
    synchronized (last) {
      // A resend moves the number to the newest end: its eviction counts from its last message.
      last.remove(sms.to());
      last.put(sms.to(), sms);
    }
  }

  /** The last message to {@code to}; every number's last one, newest first, when it is empty. */
  @Override
  public List<SentSms> recent(String to) {
    synchronized (last) {
      if (to != null && !to.isEmpty()) {
        SentSms sms = last.get(to);
        return sms == null ? List.of() : List.of(sms);
      }
      return List.copyOf(last.values()).reversed();
    }
  }
}
