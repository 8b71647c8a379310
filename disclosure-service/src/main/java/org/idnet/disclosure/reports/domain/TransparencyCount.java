package org.idnet.disclosure.reports.domain;

import org.idnet.disclosure.requests.domain.DisclosureStatus;

/** How many requests one agency made under one basis that now stand at {@code outcome}. */
public record TransparencyCount(String agencyId, String legalBasis, DisclosureStatus outcome, long count) {
}
