package org.idnet.disclosure.requests.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.idnet.disclosure.release.domain.FiledRequest;
import org.idnet.disclosure.release.domain.IdentityField;

/**
 * One lawful-disclosure request as stored. Immutable: a status change is a new value made by
 * {@link #after}, which asks {@link RequestStateMachine} first.
 *
 * @param requestedBy subject of the officer who filed it
 * @param fields the fields asked for, in the order asked, without duplicates
 * @param decidedBy subject of the supervisor who approved or rejected it; null before
 * @param decisionNote the approval note or rejection reason; null when none
 * @param confidentialUntil until when the person must not be told; null: told once disclosed
 * @param digest SHA-256 (lowercase hex) of the request as filed ({@link #filed()}); what a supervisor
 *     approves with If-Match and identity-service recomputes from the grant
 * @param releaseRefusal only when RELEASE_REFUSED: the check identity-service refused for good, or
 *     {@code horizon}; one word, never personal data
 */
public record DisclosureRequest(
    UUID id,
    String agencyId,
    String requestedBy,
    RequestTarget target,
    String legalBasis,
    String caseReference,
    List<IdentityField> fields,
    String justification,
    boolean emergency,
    DisclosureStatus status,
    Instant createdAt,
    Instant dueAt,
    String decidedBy,
    Instant decidedAt,
    String decisionNote,
    Instant disclosedAt,
    Instant packageExpiresAt,
    Instant confidentialUntil,
    String digest,
    String releaseRefusal) {

  public DisclosureRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    fields = List.copyOf(fields);
  }

  /** A supervisor's approval or rejection, at {@code at}. */
  public DisclosureRequest decided(Transition transition, String supervisor, String note, Instant at) {
    return new DisclosureRequest(id, agencyId, requestedBy, target, legalBasis, caseReference, fields, justification,
        emergency, RequestStateMachine.next(status, transition), createdAt, dueAt, supervisor, at, note, disclosedAt,
        packageExpiresAt, confidentialUntil, digest, releaseRefusal);
  }

  /** Any other change (cancel, expire, not found at source): only the status moves. */
  public DisclosureRequest after(Transition transition) {
    return new DisclosureRequest(id, agencyId, requestedBy, target, legalBasis, caseReference, fields, justification,
        emergency, RequestStateMachine.next(status, transition), createdAt, dueAt, decidedBy, decidedAt,
        decisionNote, disclosedAt, packageExpiresAt, confidentialUntil, digest, releaseRefusal);
  }

  /**
   * No release will come ({@code reason}: the check identity-service refused for good, or
   * {@code horizon}).
   */
  public DisclosureRequest releaseRefused(String reason) {
    return new DisclosureRequest(id, agencyId, requestedBy, target, legalBasis, caseReference, fields, justification,
        emergency, RequestStateMachine.next(status, Transition.REFUSE_RELEASE), createdAt, dueAt, decidedBy, decidedAt,
        decisionNote, disclosedAt, packageExpiresAt, confidentialUntil, digest, Objects.requireNonNull(reason));
  }

  /** The release succeeded at {@code at}; the package may be read until {@code expiresAt}. */
  public DisclosureRequest disclosed(Instant at, Instant expiresAt) {
    return new DisclosureRequest(id, agencyId, requestedBy, target, legalBasis, caseReference, fields, justification,
        emergency, RequestStateMachine.next(status, Transition.DISCLOSE), createdAt, dueAt, decidedBy, decidedAt,
        decisionNote, at, expiresAt, confidentialUntil, digest, releaseRefusal);
  }

  /** The request as it was when filed: the first answer to an Idempotency-Key (api.md). */
  public DisclosureRequest asFiled() {
    return new DisclosureRequest(id, agencyId, requestedBy, target, legalBasis, caseReference, fields, justification,
        emergency, DisclosureStatus.AWAITING_APPROVAL, createdAt, dueAt, null, null, null, null, null,
        confidentialUntil, digest, null);
  }

  /** What the digest covers: the request as it was filed. */
  public FiledRequest filed() {
    return new FiledRequest(id, agencyId, requestedBy, target.platformId(), target.accountId(), legalBasis, fields,
        caseReference, emergency, createdAt, dueAt);
  }

  /** The same request with its digest. */
  public DisclosureRequest withDigest(String digest) {
    return new DisclosureRequest(id, agencyId, requestedBy, target, legalBasis, caseReference, fields, justification,
        emergency, status, createdAt, dueAt, decidedBy, decidedAt, decisionNote, disclosedAt, packageExpiresAt,
        confidentialUntil, digest, releaseRefusal);
  }

  public boolean overdue(Instant now) {
    return status == DisclosureStatus.AWAITING_APPROVAL && !now.isBefore(dueAt);
  }

  @Override
  public String toString() {
    // Case references and justifications may name people: only the identifiers go to logs.
    return "DisclosureRequest[id=" + id + ", agencyId=" + agencyId + ", status=" + status + "]";
  }
}
