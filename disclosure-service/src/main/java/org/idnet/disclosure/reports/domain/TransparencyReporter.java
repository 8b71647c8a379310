package org.idnet.disclosure.reports.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.idnet.disclosure.requests.domain.DisclosureException;
import org.idnet.disclosure.requests.domain.Transactions;

/**
 * The public transparency report. Small counts are shown as they are: they count state actions,
 * not persons (issue 4), and the rows carry no id, case reference or personal data.
 *
 * <p>What a public report must not become is a way to watch one request. So it covers whole
 * periods only (a day by default, counted from the epoch in UTC): a window is widened to the
 * periods it touches, and the current period, still running, is never reported; each request
 * counts with its status as it stood at the end of the window, so a window that has ended reports
 * the same counts forever and polling it shows nothing move. A request is only counted once its
 * {@code confidentialUntil} has passed, the moment its platform may tell the person anyway.
 */
public final class TransparencyReporter {

  private final TransparencyStore store;
  private final Transactions transactions;
  private final Clock clock;
  private final long periodMillis;

  public TransparencyReporter(TransparencyStore store, Transactions transactions, Clock clock, Duration period) {
    if (period.toMillis() <= 0) {
      throw new IllegalArgumentException("the report period must be at least a millisecond, not " + period);
    }
    this.store = store;
    this.transactions = transactions;
    this.clock = clock;
    this.periodMillis = period.toMillis();
  }

  /**
   * @param from null: from the beginning
   * @param to null: the end of the last whole period
   */
  public TransparencyReport report(Instant from, Instant to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw DisclosureException.invalid("from", "from must be before to");
    }
    Instant now = clock.instant();
    Instant reportedUntil = periodStart(now);
    Instant start = from == null ? null : periodStart(from);
    Instant end = to == null ? reportedUntil : min(periodEnd(to), reportedUntil);
    if (start != null && !start.isBefore(end)) {
      throw DisclosureException.invalid("from", "the report covers whole periods that have ended; the current one"
          + " began at " + reportedUntil);
    }
    return transactions.inTransaction(() -> {
      List<TransparencyCount> counts = store.counts(start, end, now);
      long total = counts.stream().mapToLong(TransparencyCount::count).sum();
      return new TransparencyReport(start, end, counts, total, store.decisionTimes(start, end, now));
    });
  }

  private Instant periodStart(Instant at) {
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), periodMillis) * periodMillis);
  }

  /** The end of the period {@code at} falls in, or {@code at} itself when it is a period boundary. */
  private Instant periodEnd(Instant at) {
    Instant start = periodStart(at);
    return start.equals(at) ? at : start.plusMillis(periodMillis);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
