package org.idnet.disclosure.requests.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.idnet.disclosure.audit.domain.AuditLog;
import org.idnet.disclosure.release.domain.RequestDigester;

/**
 * Approve, reject, cancel: four eyes and ownership checked here, whatever the gateway did, so a
 * caller that skips it gets the same answers. Nobody decides a request they filed, either way. A
 * request past its due time is expired on the spot (and audited) instead of being decided: nothing
 * is ever approved late; nor is one its legal basis no longer allows (the catalogue may have changed
 * since it was filed).
 */
public final class RequestDecisions {

  private final LegalBasisCatalogue catalogue;
  private final RequestStore requests;
  private final RequestLedger ledger;
  private final Transactions transactions;
  private final Clock clock;
  private final ReleaseOrchestrator release;
  private final RequestDigester digester;
  private final EvidenceStore evidence;
  private final Duration approvalLoginWithin;

  /**
   * @param approvalLoginWithin how recent a person's login must be for their token to approve
   *     ({@code idnet.disclosure.approval-login-within})
   */
  public RequestDecisions(LegalBasisCatalogue catalogue, RequestStore requests, AuditLog audit,
      Transactions transactions, Clock clock, ReleaseOrchestrator release, RequestDigester digester,
      EvidenceStore evidence, Duration approvalLoginWithin) {
    if (approvalLoginWithin.isNegative() || approvalLoginWithin.isZero()) {
      throw new IllegalArgumentException("approval-login-within must be positive, not " + approvalLoginWithin);
    }
    this.approvalLoginWithin = approvalLoginWithin;
    this.catalogue = catalogue;
    this.requests = requests;
    this.ledger = new RequestLedger(requests, audit);
    this.transactions = transactions;
    this.clock = clock;
    this.release = release;
    this.digester = digester;
    this.evidence = evidence;
  }

  /**
   * Approves the version of the request {@code ifMatch} names (its digest, as an If-Match header
   * value), then tries the release at once (after the approval committed): the answer is DISCLOSED
   * or NOT_FOUND_AT_SOURCE when that worked, APPROVED while it is retried. The supervisor's token
   * is kept with the approval, as evidence for identity-service; a token that approved another
   * request is refused (EVIDENCE_REUSED) and nothing is approved: identity-service releases once
   * per approving token, so kept tokens cannot approve a request no supervisor saw. A supervisor
   * who also holds the filing role may reject, never approve (their filing tokens, kept as
   * evidence, would otherwise be approvals). A person's token approves only from a fresh login
   * with the one-time code (FRESH_LOGIN_REQUIRED otherwise); a client's own token has no login.
   */
  public DisclosureRequest approve(Official supervisor, String id, String note, Optional<String> ifMatch) {
    RequestValidation.text("note", note, RequestValidation.MAX_TEXT, true, false);
    String token = supervisor.requireEvidence();
    DisclosureRequest approved = decide(supervisor, id, (request, now) -> {
      checkDecider(supervisor, request);
      if (supervisor.isOfficer()) {
        // identity-service refuses such a token as approval evidence (approver-files): the filing
        // tokens kept here would otherwise pass as approvals by whoever holds both roles.
        throw DisclosureException.of(Refusal.FORBIDDEN, "an official who can also file requests does not approve "
            + "them: approvals need a supervisor account without the agency-officer role");
      }
      supervisor.requireFreshLogin(now, approvalLoginWithin);
      IfMatch.require(ifMatch, currentDigest(request));
      // Who may approve (403) and which version (428, 412) come first; then the transition, so a
      // request no longer awaiting approval is 409 whatever its legal basis; then the basis (422).
      DisclosureRequest decided = request.decided(Transition.APPROVE, supervisor.subject(), emptyToNull(note), now);
      catalogue.permitting(request.legalBasis(), request.fields(), request.emergency());
      evidence.keep(request.id(), EvidenceRole.APPROVER, token);
      return ledger.record(request, Transition.APPROVE, decided, supervisor.subject());
    });
    return release.releaseNow(approved);
  }

  public DisclosureRequest reject(Official supervisor, String id, String reason) {
    RequestValidation.text("reason", reason, RequestValidation.MAX_TEXT, true, true);
    return decide(supervisor, id, (request, now) -> {
      checkDecider(supervisor, request);
      return ledger.record(request, Transition.REJECT,
          request.decided(Transition.REJECT, supervisor.subject(), reason, now), supervisor.subject());
    });
  }

  /** Only the officer who filed it; another agency's request answers like an unknown id. */
  public DisclosureRequest cancel(Official officer, String id) {
    return decide(officer, id, (request, now) -> {
      if (!officer.sameAgency(request)) {
        throw DisclosureException.notFound();
      }
      if (!officer.isOfficer() || !officer.subject().equals(request.requestedBy())) {
        throw DisclosureException.of(Refusal.FORBIDDEN, "only the officer who filed a request cancels it");
      }
      return ledger.record(request, Transition.CANCEL, request.after(Transition.CANCEL), officer.subject());
    });
  }

  /**
   * Locks the request, expires it if overdue (committed, then refused), else applies the decision.
   * The lock makes a decision and the deadline job (or a second decision) run one after the other.
   */
  private DisclosureRequest decide(Official official, String id,
      BiFunction<DisclosureRequest, Instant, DisclosureRequest> decision) {
    official.requireAgency();
    UUID requestId = RequestValidation.requestId(id);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    boolean[] expiredNow = {false};
    DisclosureRequest result = transactions.inTransaction(() -> {
      DisclosureRequest request = requests.find(requestId, true).orElseThrow(DisclosureException::notFound);
      if (request.overdue(now) && official.sameAgency(request)) {
        expiredNow[0] = true;
        return ledger.expire(request);
      }
      return decision.apply(request, now);
    });
    if (expiredNow[0]) {
      throw DisclosureException.of(Refusal.REQUEST_NOT_AWAITING_APPROVAL,
          "the request was not decided by its due time and has expired");
    }
    return result;
  }

  /**
   * A supervisor of the request's agency (another agency's supervisor is told so, api.md: 403) who
   * did not file it: the second pair of eyes, for a rejection as much as for an approval.
   */
  private static void checkDecider(Official supervisor, DisclosureRequest request) {
    if (!supervisor.isSupervisor()) {
      throw DisclosureException.of(Refusal.FORBIDDEN, "only agency supervisors decide requests");
    }
    if (!supervisor.sameAgency(request)) {
      throw DisclosureException.of(Refusal.NOT_SAME_AGENCY, "the request belongs to another agency");
    }
    if (supervisor.subject().equals(request.requestedBy())) {
      throw DisclosureException.of(Refusal.FORBIDDEN, "a request is decided by someone other than its requester");
    }
  }

  /**
   * The digest of the request as stored now. One stored at filing that no longer matches the
   * stored content means the row was changed behind the service's back: nothing is approved.
   */
  private String currentDigest(DisclosureRequest request) {
    String recomputed = digester.digest(request.filed());
    if (request.digest() != null && !request.digest().equals(recomputed)) {
      throw new IllegalStateException("request " + request.id() + " no longer matches the digest it was filed with");
    }
    return recomputed;
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
