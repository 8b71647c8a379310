package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * A cache of account standings in front of the store. It may forget anything at any time and may
 * be down: then every method does nothing and answers nothing, and callers read the store. It
 * never throws, because the answers are always available from the system of record.
 */
public interface VerificationCache {

  /**
   * The cached standings of these accounts of one platform; misses are absent.
   *
   * @param now the reader's time: an entry whose life (set when it was put) is over is a miss
   */
  Map<String, AccountStanding> getAll(String platformId, Collection<String> accountIds, Instant now);

  /**
   * Caches standings just read from the store, each no longer than its {@code reviewAt}; one whose
   * review is due at once is not cached.
   */
  void putAll(String platformId, Map<String, AccountStanding> standings, Instant now);

  /**
   * Forgets the accounts after their bindings changed, so that no later read answers from before
   * the change; keeps trying by itself if the cache cannot be reached now.
   */
  void invalidate(Collection<AccountRef> accounts);
}
