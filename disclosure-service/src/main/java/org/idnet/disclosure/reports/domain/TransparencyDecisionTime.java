package org.idnet.disclosure.reports.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * How long one agency took to decide (approve or reject) its requests of a window.
 *
 * @param decided requests of the window decided by its end, at least 1
 * @param median of {@code decided_at - created_at}; empty when fewer than
 *     {@link TransparencyStore#MEDIAN_MINIMUM} were decided, so no single request's timing is published
 */
public record TransparencyDecisionTime(String agencyId, long decided, Optional<Duration> median) {
}
