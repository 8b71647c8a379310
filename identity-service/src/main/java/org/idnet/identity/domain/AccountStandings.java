package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * The system of record's answer for many accounts of one platform at once: one query, however
 * many ids, and no decryption except of minors in the year they turn 16 ({@link AgeRule}).
 */
public interface AccountStandings {

  /**
   * @param accountIds distinct, already validated
   * @return the standing of every account the store knows; accounts it has never seen are absent
   * @throws IdentityException STORE_UNAVAILABLE if the store cannot answer
   */
  Map<String, AccountStanding> read(String platformId, Collection<String> accountIds, Instant now);
}
