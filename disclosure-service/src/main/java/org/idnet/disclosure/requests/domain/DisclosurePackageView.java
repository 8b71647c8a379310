package org.idnet.disclosure.requests.domain;

import java.time.Instant;
import java.util.UUID;
import org.idnet.disclosure.release.domain.DisclosedFields;

/** An opened package as its agency reads it. {@code fields} is personal data: never logged. */
public record DisclosurePackageView(UUID requestId, DisclosedFields fields, Instant disclosedAt, Instant expiresAt) {
}
