package org.idnet.disclosure.events.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.idnet.disclosure.requests.domain.Transactions;

/**
 * The notice job: a disclosure whose confidentiality date passes after its release becomes visible
 * to its platform by time alone, with no change to write an event with. Each run announces, in
 * transactions of its own, every disclosed request whose notice is visible and not yet announced
 * (those with a later date, and any a release did not announce, e.g. one made by a replica of a
 * version before the outbox). Several replicas may run it at once: one announces, the others find
 * the outbox's lock taken and skip, and a request is announced once whoever gets there.
 */
public final class NoticeAnnouncer {

  private final EventOutbox outbox;
  private final Transactions transactions;
  private final Clock clock;

  public NoticeAnnouncer(EventOutbox outbox, Transactions transactions, Clock clock) {
    this.outbox = outbox;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** One run: batches of {@code batchSize} until none is left; answers how many were announced. */
  public int announceDue(int batchSize) {
    int total = 0;
    while (true) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      int announced = transactions.inTransaction(() -> outbox.announceDue(now, batchSize));
      total += announced;
      if (announced < batchSize) {
        return total;
      }
    }
  }
}
