package org.idnet.identity.domain;

import java.time.LocalDate;

/**
 * The day's failed register confirmations per citizen id, counted across all platforms. An attempt
 * is reserved before the register is asked, so parallel attempts can never ask it more often than
 * the limit allows; the register's answer then settles it: a "no" becomes a failure, anything else
 * is given back. Failures and attempts still in flight are kept apart, so a refusal can say which
 * of the two stood in the way: the day's failures (until tomorrow) or other attempts for the same
 * id being answered right now (a moment).
 */
public interface FailedConfirmations {

  /** What {@link #reserve} did. */
  enum Admission {
    /** Counted as in flight: the register may be asked. */
    RESERVED,
    /** The day's failures reached the limit: nothing was counted. */
    DAY_SPENT,
    /** Failures and attempts in flight together reached the limit: nothing was counted. */
    OTHERS_IN_FLIGHT
  }

  /**
   * Counts one attempt in flight for the citizen id on {@code day}, in one atomic step, unless the
   * day's failures and the attempts in flight together have reached {@code limit}.
   *
   * @throws IdentityException STORE_UNAVAILABLE if the store cannot answer
   */
  Admission reserve(CitizenId citizenId, LocalDate day, int limit);

  /** Settles a reservation as a failure: the register did not confirm the details. */
  void fail(CitizenId citizenId, LocalDate day);

  /** Takes back a reservation whose attempt did not fail (confirmed, or the register did not answer). */
  void giveBack(CitizenId citizenId, LocalDate day);
}
