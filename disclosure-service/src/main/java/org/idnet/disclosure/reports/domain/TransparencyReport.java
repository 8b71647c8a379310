package org.idnet.disclosure.reports.domain;

import java.time.Instant;
import java.util.List;

/**
 * Counts of requests created in [from, to), by agency, legal basis and outcome, and each agency's
 * median time to decision per calendar month that ended within [from, to); no ids.
 *
 * @param from null: from the beginning
 */
public record TransparencyReport(Instant from, Instant to, List<TransparencyCount> counts, long total,
    List<TransparencyDecisionTime> decisionTimes) {

  public TransparencyReport {
    counts = List.copyOf(counts);
    decisionTimes = List.copyOf(decisionTimes);
  }
}
