package org.idnet.disclosure.requests.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Idempotency-Keys per officer (agency and subject), remembered for a window (24 h by default). */
public interface IdempotencyStore {

  /**
   * Claims the key for a request about to be created, in the caller's transaction. A concurrent
   * claim of the same key waits for this transaction, then sees its result.
   *
   * @param staleBefore a key first used before this instant is forgotten and may be claimed again
   * @return empty when claimed; otherwise what the key was used for earlier
   */
  Optional<RememberedKey> claim(String agencyId, String officer, IdempotencyKey key, UUID requestId, Instant now,
      Instant staleBefore);

  /** Drops keys first used before {@code staleBefore}; answers how many. */
  int forget(Instant staleBefore);
}
