package org.idnet.disclosure.requests.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.idnet.disclosure.audit.domain.AuditEvent;
import org.idnet.disclosure.audit.domain.AuditLog;
import org.idnet.disclosure.release.domain.GrantRefusedException;
import org.idnet.disclosure.release.domain.GrantScope;
import org.idnet.disclosure.release.domain.IdentityUnavailableException;
import org.idnet.disclosure.release.domain.ReleaseOutcome;
import org.idnet.disclosure.release.domain.SignedGrant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains the approved fields from identity-service and records the outcome. Each attempt locks
 * its request (skipping one another replica is releasing), issues a new single-use grant, and
 * commits the sealed package with DISCLOSED (or NOT_FOUND_AT_SOURCE) and the audit entry in one
 * transaction. A failed attempt leaves the request APPROVED with a later retry time: never lost,
 * never released twice. No grant is issued for fields the request's legal basis no longer allows
 * (the catalogue changed since approval): such a request stays APPROVED, logged for an operator,
 * and is released if the basis allows it again before the release horizon. Each grant carries the request as filed, its
 * digest and the filing officer's and approving supervisor's own tokens, which identity-service
 * verifies before it releases anything. Logs name request ids only, never a released value.
 *
 * <p>Retries end. A refusal no later grant changes ({@link GrantRefusedException#isFinal()}: the
 * request's own evidence) ends the request RELEASE_REFUSED at once; so does reaching the release
 * horizon after the approval without a release (identity-service refuses every release after it
 * anyway, evidence-stale), whatever kept it: an outage, a refusal an operator did not fix, the
 * catalogue. Either is audited (REQUEST_RELEASE_REFUSED, actor {@code system:<reason>}) and the
 * request shows the reason.
 *
 * <p>A release whose notice is visible at once (no confidentiality date, or one already passed)
 * writes notice.available to the event outbox in its own transaction ({@link NoticeAnnouncements});
 * a later date is announced by the notice job when it passes.
 */
public final class ReleaseOrchestrator {

  private static final Logger log = LoggerFactory.getLogger(ReleaseOrchestrator.class);
  /** The reason a request ends RELEASE_REFUSED when the release horizon passed without a release. */
  public static final String HORIZON = "horizon";

  private final LegalBasisCatalogue catalogue;
  private final ReleaseQueue queue;
  private final RequestStore requests;
  private final PackageStore packages;
  private final RequestLedger ledger;
  private final ReleasePorts ports;
  private final Transactions transactions;
  private final Clock clock;
  private final ReleasePolicy policy;
  private final EvidenceStore evidence;
  private final NoticeAnnouncements notices;

  public ReleaseOrchestrator(LegalBasisCatalogue catalogue, ReleaseQueue queue, RequestStore requests,
      PackageStore packages, AuditLog audit, ReleasePorts ports, Transactions transactions, Clock clock,
      ReleasePolicy policy, EvidenceStore evidence, NoticeAnnouncements notices) {
    this.catalogue = catalogue;
    this.queue = queue;
    this.requests = requests;
    this.packages = packages;
    this.ledger = new RequestLedger(requests, audit);
    this.ports = ports;
    this.transactions = transactions;
    this.clock = clock;
    this.policy = policy;
    this.evidence = evidence;
    this.notices = notices;
  }

  /** Tries the release of a just-approved request; answers the request as it stands afterwards. */
  public DisclosureRequest releaseNow(DisclosureRequest approved) {
    try {
      attempt(() -> queue.lock(approved.id()), approved.id());
    } catch (RuntimeException e) {
      // The approval is committed; the retry job takes it from here.
      log.error("release of request {} failed, it stays approved and is retried: {}", approved.id(),
          e.getClass().getName());
    }
    return transactions.inTransaction(() -> requests.find(approved.id(), false)).orElse(approved);
  }

  /** One run of the retry job: at most {@code max} attempts; answers how many were made. */
  public int retryDue(int max) {
    int attempts = 0;
    while (attempts < max) {
      Instant now = now();
      Optional<UUID> tried;
      try {
        tried = attempt(() -> queue.lockNextDue(now), null);
      } catch (AttemptFailed e) {
        log.error("release of request {} failed, retried later: {}", e.requestId, e.getCause().getClass().getName());
        transactions.inTransaction(() -> queue.lock(e.requestId).map(c -> postpone(c, now())));
        tried = Optional.of(e.requestId);
      }
      if (tried.isEmpty()) {
        break;
      }
      attempts++;
    }
    return attempts;
  }

  private Optional<UUID> attempt(Supplier<Optional<ReleaseCandidate>> lock, UUID expected) {
    UUID[] locked = {expected};
    try {
      return transactions.inTransaction(() -> lock.get().map(candidate -> {
        locked[0] = candidate.request().id();
        return release(candidate);
      }));
    } catch (RuntimeException e) {
      if (locked[0] == null) {
        throw e;
      }
      throw new AttemptFailed(locked[0], e);
    }
  }

  private UUID release(ReleaseCandidate candidate) {
    DisclosureRequest request = candidate.request();
    Instant now = now();
    if (policy.pastHorizon(request.decidedAt(), now)) {
      log.error("request {} was not released within the release horizon ({}) after its approval: it ends "
          + "RELEASE_REFUSED after {} attempt(s)", request.id(), policy.releaseHorizon(), candidate.attempts());
      return refuse(request, HORIZON);
    }
    ReleaseOutcome outcome;
    try {
      catalogue.permitting(request.legalBasis(), request.fields(), request.emergency());
    } catch (DisclosureException e) {
      log.error("request {} is approved under legal basis {}, which no longer allows it ({}): not released,"
          + " retried until the release horizon", request.id(), request.legalBasis(), e.refusal());
      return postpone(candidate, now);
    }
    try {
      // The evidence of four eyes goes with the grant: identity-service checks it, not just our signature.
      SignedGrant grant = ports.grants().issue(new GrantScope(request.id(), request.target().platformId(),
          request.target().accountId(), Set.copyOf(request.fields()), request.filed(),
          request.digest() != null ? request.digest() : ports.digester().digest(request.filed()),
          evidence.find(request.id(), EvidenceRole.FILER).orElse(""),
          evidence.find(request.id(), EvidenceRole.APPROVER).orElse("")));
      outcome = ports.identity().release(grant);
    } catch (IdentityUnavailableException e) {
      log.warn("identity-service unavailable for request {}, attempt {}: retried later", request.id(),
          candidate.attempts() + 1);
      return postpone(candidate, now);
    } catch (GrantRefusedException e) {
      if (e.isFinal()) {
        // The request's own evidence: no grant will ever pass, and each attempt would be one more refusal.
        log.error("identity-service refused the grant for request {} for good, it ends RELEASE_REFUSED: {}",
            request.id(), e.getMessage());
        return refuse(request, e.check().orElseThrow());
      }
      // A key mix-up, clocks, the issuer's keys: an operator may fix it; retrying is safe, until the horizon.
      log.error("identity-service refused the grant for request {}, retried until the release horizon: {}",
          request.id(), e.getMessage());
      return postpone(candidate, now);
    }
    if (outcome instanceof ReleaseOutcome.Released released) {
      Instant expiresAt = now.plus(policy.packageLifetime());
      packages.insert(new SealedPackage(request.id(), ports.cipher().seal(request.id(), released.fields()), now,
          expiresAt));
      ledger.record(request, Transition.DISCLOSE, request.disclosed(now, expiresAt), AuditEvent.SYSTEM);
      if (request.confidentialUntil() == null || !request.confidentialUntil().isAfter(now)) {
        notices.announce(request.id(), now);
      }
    } else {
      ledger.record(request, Transition.NOT_FOUND_AT_SOURCE, request.after(Transition.NOT_FOUND_AT_SOURCE),
          AuditEvent.SYSTEM);
    }
    return request.id();
  }

  private UUID refuse(DisclosureRequest request, String reason) {
    ledger.record(request, Transition.REFUSE_RELEASE, request.releaseRefused(reason), AuditEvent.SYSTEM + ":" + reason);
    return request.id();
  }

  private UUID postpone(ReleaseCandidate candidate, Instant now) {
    int attempts = candidate.attempts() + 1;
    queue.postpone(candidate.request().id(), attempts, now.plus(policy.backoff(attempts)));
    return candidate.request().id();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** An attempt on a known request failed unexpectedly (rolled back). */
  private static final class AttemptFailed extends RuntimeException {
    final UUID requestId;

    AttemptFailed(UUID requestId, Throwable cause) {
      super(cause.getClass().getName(), cause, false, false);
      this.requestId = requestId;
    }
  }
}
