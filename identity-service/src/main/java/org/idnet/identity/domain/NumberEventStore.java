package org.idnet.identity.domain;

import java.time.Instant;
import java.util.List;

/** Carrier events and what they do to phone bindings. */
public interface NumberEventStore {

  /**
   * Records the event once (by number, type and time) and, if its type revokes, ends every active
   * binding to the number made before {@code occurredAt}, in one transaction. A repeated event
   * changes nothing.
   *
   * @return the accounts whose binding ended now
   * @throws IdentityException STORE_UNAVAILABLE if the store cannot answer
   */
  List<AccountRef> record(NumberEvent event, Instant now);
}
