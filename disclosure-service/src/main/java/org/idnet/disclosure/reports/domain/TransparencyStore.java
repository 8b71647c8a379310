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
   * Per agency, sorted by it: the requests counted by {@link #counts} (same window, same
   * confidentiality rule) that were decided (approved or rejected) before {@code to}, and the median
   * of their time to decision when at least {@link #MEDIAN_MINIMUM} were.
   */
  List<TransparencyDecisionTime> decisionTimes(Instant from, Instant to, Instant now);
}
