package org.idnet.disclosure.requests.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Approved requests waiting for their release. Each lock skips rows another transaction holds,
 * so with several replicas one request is released by one of them, once.
 */
public interface ReleaseQueue {

  /** This request if it is approved and nobody else is releasing it now. */
  Optional<ReleaseCandidate> lock(UUID requestId);

  /** The approved request whose next attempt is the most overdue, if any. */
  Optional<ReleaseCandidate> lockNextDue(Instant now);

  /** Records a failed attempt: {@code attempts} made so far, the next one not before {@code next}. */
  void postpone(UUID requestId, int attempts, Instant next);
}
