package org.idnet.disclosure.reports.domain;

import java.time.Instant;
import java.util.List;

/** Aggregates over all requests; only counts leave the store. */
public interface TransparencyStore {

  /**
   * Rows sorted by agency, legal basis, outcome, of requests created in [from, to) whose
   * confidentiality (if any) ended by {@code now}; {@code from} null: from the beginning.
   */
  List<TransparencyCount> counts(Instant from, Instant to, Instant now);

  /** Fewer decided requests than this: the agency's median is left out (no small-number disclosure). */
  int MEDIAN_MINIMUM = 5;

  /**
   * Per calendar month (UTC) in [monthsFrom, monthsTo) and agency, sorted by them: the requests
   * created in the month (counted as {@link #counts} counts them, and no longer confidential at the
   * month's end) that were decided (approved or rejected) before the month's end, and the median of
   * their time to decision, rounded down to whole minutes, when at least {@link #MEDIAN_MINIMUM} were.
   * Nothing here depends on the caller's window or on the time of asking: once a month has ended its
   * rows never change, and no two months share a request.
   *
   * @param monthsFrom the start of a month (UTC); null: from the beginning
   * @param monthsTo the start of a month (UTC), at most the start of the current one
   */
  List<TransparencyDecisionTime> decisionTimes(Instant monthsFrom, Instant monthsTo);
}
