package org.idnet.disclosure.requests.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.idnet.disclosure.audit.domain.AuditEvent;
import org.idnet.disclosure.audit.domain.AuditEventType;
import org.idnet.disclosure.audit.domain.AuditLog;
import org.idnet.disclosure.release.domain.RequestDigester;
import org.idnet.headers.IdempotencyKeys;

/**
 * Files a request for an officer: validation, the legal basis, the deadline, idempotency, the
 * digest, the officer's token kept as evidence, the audit entry.
 */
public final class RequestCreator {

  private final LegalBasisCatalogue catalogue;
  private final RequestStore requests;
  private final IdempotencyStore keys;
  private final AuditLog audit;
  private final Transactions transactions;
  private final Clock clock;
  private final Deadlines deadlines;
  private final Duration keyWindow;
  private final RequestDigester digester;
  private final EvidenceStore evidence;

  public RequestCreator(LegalBasisCatalogue catalogue, RequestStore requests, IdempotencyStore keys, AuditLog audit,
      Transactions transactions, Clock clock, Deadlines deadlines, Duration keyWindow, RequestDigester digester,
      EvidenceStore evidence) {
    this.catalogue = catalogue;
    this.requests = requests;
    this.keys = keys;
    this.audit = audit;
    this.transactions = transactions;
    this.clock = clock;
    this.deadlines = deadlines;
    this.keyWindow = keyWindow;
    this.digester = digester;
    this.evidence = evidence;
  }

  /**
   * A new request awaiting approval. With an Idempotency-Key the officer already used for the same
   * body within the window: the first answer again (the request as it was filed), and nothing new,
   * even if the request has moved on or the input would no longer pass (a confidentiality date now
   * past, a basis since narrowed): a retry is answered, not re-judged. Keys are the officer's own:
   * a colleague's same key files a request of its own.
   */
  public DisclosureRequest create(Official officer, NewRequest input, Optional<IdempotencyKey> key) {
    officer.requireAgency();
    if (!officer.isOfficer()) {
      throw DisclosureException.of(Refusal.FORBIDDEN, "only agency officers file requests");
    }
    String token = officer.requireEvidence();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    UUID id = UUID.randomUUID();
    return transactions.inTransaction(() -> {
      if (key.isPresent()) {
        Optional<RememberedKey> earlier = keys.claim(officer.agencyId(), officer.subject(), key.get(), id, now,
            now.minus(keyWindow));
        if (earlier.isPresent()) {
          return repeat(key.get(), earlier.get());
        }
      }
      // A refusal from here on rolls the claim of the key back with everything else.
      RequestValidation.validate(input, catalogue, now);
      Instant confidentialUntil = input.confidentialUntil() == null ? null
          : input.confidentialUntil().truncatedTo(ChronoUnit.MICROS);
      DisclosureRequest request = new DisclosureRequest(id, officer.agencyId(), officer.subject(), input.target(),
          input.legalBasis(), input.caseReference(), input.fields(), input.justification(), input.emergency(),
          DisclosureStatus.AWAITING_APPROVAL, now, deadlines.dueAt(now, input.emergency()), null, null, null, null,
          null, confidentialUntil, null, null);
      request = request.withDigest(digester.digest(request.filed()));
      requests.insert(request);
      evidence.keep(request.id(), EvidenceRole.FILER, token);
      audit.append(new AuditEvent(AuditEventType.REQUEST_CREATED, officer.subject(), request.agencyId(),
          request.id()));
      return request;
    });
  }

  private DisclosureRequest repeat(IdempotencyKey key, RememberedKey earlier) {
    if (!key.sameBody(earlier.fingerprint())) {
      throw DisclosureException.of(Refusal.IDEMPOTENCY_KEY_REUSED, IdempotencyKeys.HEADER,
          "this Idempotency-Key was used for another request body within the last 24 hours");
    }
    return requests.find(earlier.requestId(), false)
        .orElseThrow(() -> new IllegalStateException("an idempotency key names a request that does not exist"))
        .asFiled();
  }
}
