package org.idnet.disclosure.events.domain;

import java.util.List;
import org.idnet.disclosure.requests.domain.DisclosureException;
import org.idnet.disclosure.requests.domain.Transactions;

/**
 * What webhook-dispatcher does with the outbox: read the oldest events, store them on its side,
 * then acknowledge them, which deletes them here. Until acknowledged an event is read again, with
 * the same id, so one the dispatcher lost is never lost. Who may call is the contract's access
 * policy (peer webhook-dispatcher only), enforced before this runs.
 */
public final class OutboxReader {

  /** At most this many events per read, and positions per acknowledgement (the contract's limit). */
  public static final int MAX_BATCH = 500;

  private final EventOutbox outbox;
  private final Transactions transactions;

  public OutboxReader(EventOutbox outbox, Transactions transactions) {
    this.outbox = outbox;
    this.transactions = transactions;
  }

  public List<OutboxEvent> read(int limit) {
    if (limit < 1 || limit > MAX_BATCH) {
      throw DisclosureException.invalid("limit", "limit must be 1-" + MAX_BATCH + ", not " + limit);
    }
    return transactions.inTransaction(() -> outbox.oldest(limit));
  }

  /** Answers how many events were deleted (positions acknowledged before count none). */
  public int acknowledge(List<Long> positions) {
    if (positions.isEmpty() || positions.size() > MAX_BATCH) {
      throw DisclosureException.invalid("positions", "positions must name 1-" + MAX_BATCH + " events, not "
          + positions.size());
    }
    return transactions.inTransaction(() -> outbox.acknowledge(List.copyOf(positions)));
  }
}
