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
}
