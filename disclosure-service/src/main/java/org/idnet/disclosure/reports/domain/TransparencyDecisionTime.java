package org.idnet.disclosure.reports.domain;

import java.time.Duration;
import java.time.YearMonth;
import java.util.Optional;

/**
 * How long one agency took to decide (approve or reject) the requests created in one calendar month
 * (UTC), as fixed once the month ended.
 *
 * @param decided the month's requests decided before its end, at least 1
 * @param median of {@code decided_at - created_at}, rounded down to whole minutes; empty when fewer
 *     than {@link TransparencyStore#MEDIAN_MINIMUM} were decided, so no single request's timing is published
 */
public record TransparencyDecisionTime(YearMonth month, String agencyId, long decided, Optional<Duration> median) {
}
