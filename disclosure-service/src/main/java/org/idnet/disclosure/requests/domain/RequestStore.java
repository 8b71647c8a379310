package org.idnet.disclosure.requests.domain;

import java.util.Optional;
import java.util.UUID;

/** Disclosure requests in PostgreSQL. Call inside {@link Transactions}. */
public interface RequestStore {

  void insert(DisclosureRequest request);

  /** @param lock whether to hold the row until the transaction ends (a decision reads then writes) */
  Optional<DisclosureRequest> find(UUID id, boolean lock);

  /**
   * Writes a changed request, only if it still has status {@code expected}: a change that lost a
   * race is an error (rolled back), never a silent double transition.
   */
  void update(DisclosureRequest changed, DisclosureStatus expected);
}
