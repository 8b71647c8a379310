package org.idnet.disclosure.reports.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
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
 *
 * <p>Medians are another matter: the median of 5 values and of the same 5 plus one known request
 * give that request's time away. So times to decision are never computed over the caller's window
 * but over fixed calendar months (UTC), each month's set fixed once it ended, and only the months
 * that ended and lie wholly within the (widened) window are listed; the current month never is.
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
      Instant monthsFrom = start == null ? null : monthEnd(start);
      Instant monthsTo = monthStart(end);
      List<TransparencyDecisionTime> times = monthsFrom != null && !monthsFrom.isBefore(monthsTo) ? List.of()
          : store.decisionTimes(monthsFrom, monthsTo);
      return new TransparencyReport(start, end, counts, total, times);
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

  /** The start of the calendar month (UTC) {@code at} falls in. */
  static Instant monthStart(Instant at) {
    return YearMonth.from(at.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The end of the calendar month (UTC) {@code at} falls in, or {@code at} itself when a month starts then. */
  static Instant monthEnd(Instant at) {
    Instant start = monthStart(at);
    return start.equals(at) ? at : YearMonth.from(at.atOffset(ZoneOffset.UTC)).plusMonths(1).atDay(1)
        .atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
