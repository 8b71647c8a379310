package org.idnet.disclosure.requests.domain;

import java.util.UUID;

/** A package the expiry job deleted, named for its audit entry. */
public record DeletedPackage(UUID requestId, String agencyId) {
}
