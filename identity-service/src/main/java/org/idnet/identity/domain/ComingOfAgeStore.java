package org.idnet.identity.domain;

import java.time.Instant;

/**
 * Time passing changes standings too: a minor turning 16 gains what adults may do (COMMERCE at
 * REAL_NAME). No change of bindings announces it, so a scheduled job does.
 */
public interface ComingOfAgeStore {

  /**
   * In one transaction, and by one replica at a time (others return 0 at once): every person who
   * is 16 at {@code now} ({@link AgeRule}) and not yet announced gets an
   * {@link EventType#VERIFICATION_CHANGED} event for each account actively linked to them, and is
   * marked announced, so a person is announced once whatever the runs and replicas.
   *
   * @return how many persons were announced
   * @throws IdentityException STORE_UNAVAILABLE if the store cannot answer
   */
  int announce(Instant now);
}
