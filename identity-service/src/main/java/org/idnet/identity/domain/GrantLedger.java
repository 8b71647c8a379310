package org.idnet.identity.domain;

import java.util.function.Supplier;

/**
 * The release ledger: one release per disclosure request, every grant used once.
 *
 * <p>A request is released once. A later grant for the same request (disclosure-service retrying
 * after the answer to the first was lost) writes no second release: it gets the same record again,
 * re-read under the same scope, and only if what it reads is exactly what was released the first
 * time (compared by a keyed hash; the ledger keeps no copy of the values). A retry naming another
 * scope, or finding other values (a phone number bound since), is refused: the agency never gets
 * more, or other, data than the one release the supervisor approved.
 *
 * <p>An approving supervisor's token is evidence for one request: the first release spends it on
 * its request, and a grant for any other request carrying it is refused, however its request
 * looks. A retry for the same request may carry it again.
 */
public interface GrantLedger {

  /**
   * Records the grant's use and, for the request's first release, the release; runs {@code read}
   * in the same transaction, so the records and the reads commit together (a failed read leaves
   * both unused) and concurrent grants for one request run one after the other.
   *
   * @param approval the approver's token, verified by {@link FourEyes}; spent on the request here
   * @param scope the canonical account and fields the grant names
   * @throws RefusedGrant REPLAYED if this grant was used before, EVIDENCE_REUSED if the approval
   *     was spent on another request, RETRY_DIFFERS if the request was released before under
   *     another scope or with other values
   * @throws IdentityException STORE_UNAVAILABLE if the store cannot answer
   */
  ReleasedIdentity release(GrantUse use, ApprovalEvidence approval, String scope, Supplier<ReleasedIdentity> read);
}
