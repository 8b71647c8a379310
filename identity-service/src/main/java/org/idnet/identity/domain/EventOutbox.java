package org.idnet.identity.domain;

import java.util.List;

/** The outbox the stores write events to, in the transaction of each change; webhook-dispatcher drains it. */
public interface EventOutbox {

  /**
   * @return the oldest {@code limit} events at most, oldest first
   * @throws IdentityException STORE_UNAVAILABLE if the store cannot answer
   */
  List<OutboxEvent> read(int limit);

  /** Deletes these events; positions no longer in the outbox are ignored. */
  void acknowledge(List<Long> positions);
}
