package org.idnet.identity.domain;

import java.time.LocalDate;

/**
 * The day's failed register confirmations per citizen id, counted across all platforms. A count is
 * taken before the register is asked (a reservation), so parallel attempts can never ask it more
 * than the limit allows, and given back when the attempt did not fail.
 */
public interface FailedConfirmations {

  /**
   * Counts one attempt for the citizen id on {@code day}, in one atomic step, unless the count has
   * reached {@code limit}.
   *
   * @return false when the day's limit is reached: nothing was counted
   * @throws IdentityException STORE_UNAVAILABLE if the store cannot answer
   */
  boolean reserve(CitizenId citizenId, LocalDate day, int limit);

  /** Takes back a reservation whose attempt did not fail (confirmed, or the register did not answer). */
  void giveBack(CitizenId citizenId, LocalDate day);
}
