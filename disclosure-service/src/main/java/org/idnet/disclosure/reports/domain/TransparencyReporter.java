package org.idnet.disclosure.reports.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.idnet.disclosure.requests.domain.DisclosureException;
import org.idnet.disclosure.requests.domain.Transactions;

/**
 * The public transparency report. Small counts are shown as they are: they count state actions,
 * not persons (issue 4), and the rows carry no id, case reference or personal data.
 */
public final class TransparencyReporter {

  private final TransparencyStore store;
  private final Transactions transactions;
  private final Clock clock;

  public TransparencyReporter(TransparencyStore store, Transactions transactions, Clock clock) {
    this.store = store;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * @param from null: from the beginning
   * @param to null: now
   */
  public TransparencyReport report(Instant from, Instant to) {
    Instant end = to == null ? clock.instant() : to;
    if (from != null && !from.isBefore(end)) {
      throw DisclosureException.invalid("from", "from must be before to");
    }
    List<TransparencyCount> counts = transactions.inTransaction(() -> store.counts(from, end));
    long total = counts.stream().mapToLong(TransparencyCount::count).sum();
    return new TransparencyReport(from, end, counts, total);
  }
}
