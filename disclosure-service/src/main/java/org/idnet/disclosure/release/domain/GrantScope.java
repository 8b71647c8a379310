package org.idnet.disclosure.release.domain;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What one grant allows: these fields of this platform's account, for this approved request; and
 * the evidence identity-service checks before it releases them: the request as filed, its digest,
 * the filing officer's and the approving supervisor's own access tokens (empty when not kept).
 */
public record GrantScope(UUID requestId, String platformId, String accountId, Set<IdentityField> fields,
    FiledRequest filed, String digest, String filerToken, String approverToken) {

  public GrantScope {
    fields = Set.copyOf(fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a grant names at least one field");
    }
    Objects.requireNonNull(filed, "filed");
    digest = digest == null ? "" : digest;
    filerToken = filerToken == null ? "" : filerToken;
    approverToken = approverToken == null ? "" : approverToken;
  }

  @Override
  public String toString() {
    return "GrantScope[requestId=" + requestId + ", fields=" + fields + "]";
  }
}
