package org.idnet.disclosure.requests.domain;

import java.util.Optional;
import java.util.UUID;

/**
 * The officials' own access tokens kept with a request as evidence of four eyes, for the grant
 * identity-service checks. Bearer tokens, even if short-lived: stored encrypted, never shown, never
 * logged. Call inside {@link Transactions}, so a token is kept with the change it proves.
 */
public interface EvidenceStore {

  void keep(UUID requestId, EvidenceRole role, String token);

  Optional<String> find(UUID requestId, EvidenceRole role);
}
