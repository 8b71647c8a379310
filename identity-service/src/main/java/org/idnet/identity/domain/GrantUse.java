package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One use of a grant, as the replay store remembers it: ids and times, no personal data. */
public record GrantUse(UUID grantId, UUID requestId, Instant releasedAt, Instant expiresAt) {

  public GrantUse {
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(releasedAt, "releasedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
