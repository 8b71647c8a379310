package org.idnet.disclosure.release.domain;

import java.util.Set;
import java.util.UUID;

/** What one grant allows: these fields of this platform's account, for this approved request. */
public record GrantScope(UUID requestId, String platformId, String accountId, Set<IdentityField> fields) {

  public GrantScope {
    fields = Set.copyOf(fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a grant names at least one field");
    }
  }
}
