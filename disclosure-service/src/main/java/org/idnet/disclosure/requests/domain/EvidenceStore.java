package org.idnet.disclosure.requests.domain;

import java.util.Optional;
import java.util.UUID;

/**
 * The officials' own access tokens kept with a request as evidence of four eyes, for the grant
 * identity-service checks. Bearer tokens, even if short-lived: stored encrypted, never shown, never
 * logged. Call inside {@link Transactions}, so a token is kept with the change it proves.
 */
public interface EvidenceStore {

  /**
   * @throws DisclosureException EVIDENCE_REUSED if an approver's token already approved another
   *     request: one token approves one request (identity-service would refuse the second release)
   */
  void keep(UUID requestId, EvidenceRole role, String token);

  Optional<String> find(UUID requestId, EvidenceRole role);
}
