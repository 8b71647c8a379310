package org.idnet.identity.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Four eyes, proven to identity-service by evidence no idnet process can forge: the grant's request
 * as filed must hash to the digest the supervisor approved, and carry two tokens the issuer signed,
 * of two different officials of the request's agency: the officer who filed it (role
 * agency-officer, the request's requester) and a supervisor (role agency-supervisor) who approved
 * it. Each token must have been valid at some moment of the request's life: issued no earlier than
 * one token lifetime before filing (the filer's token was in use when filing), no later than the
 * deadline, and not expired before the filing. Expiry itself is not checked: a release may come
 * after both tokens expired. Emergency requests need the same evidence (domain.md: nothing is
 * released before a supervisor approves, an emergency only shortens the deadline).
 *
 * <p>The approving token must not carry the filing role as well: disclosure-service keeps every
 * filing token as evidence, and the filing token of an official holding both roles would
 * otherwise pass as that official's approval of another officer's request. An official who
 * files does not approve (separation of duties; disclosure-service refuses such an approval at
 * once).
 *
 * <p>A token passing these checks proves an approval, but not of which request: the grant states
 * the request's life. So the approver's token is returned as {@link ApprovalEvidence}, which the
 * ledger spends on this request alone ({@link GrantRefusal#EVIDENCE_REUSED}).
 *
 * <p>The request's life is disclosure-service's word, so it is bounded against identity-service's
 * own clock too: it lasts at most {@code maxRequestLife} (the longest deadline disclosure-service
 * sets), and a release comes at most {@code releaseHorizon} after the deadline and after the
 * approving token was issued (disclosure-service releases at approval and retries while
 * identity-service is down). A supervisor's token that was never spent (a rejection's, a refused
 * approval's) is then worth nothing to a taken-over disclosure-service after the horizon.
 */
public final class FourEyes {

  public static final String FILING_ROLE = "agency-officer";
  public static final String APPROVING_ROLE = "agency-supervisor";

  private final OfficialTokens tokens;
  private final Duration maxTokenLifetime;
  private final Duration skew;
  private final Duration maxRequestLife;
  private final Duration releaseHorizon;

  /**
   * @param maxTokenLifetime the longest life of an access token at the issuer (Keycloak's
   *     accessTokenLifespan); a token living longer is no evidence
   * @param maxRequestLife the longest a request may live from filing to deadline
   * @param releaseHorizon how long after the deadline, and after the approving token was issued,
   *     a release may come
   */
  public FourEyes(OfficialTokens tokens, Duration maxTokenLifetime, Duration skew, Duration maxRequestLife,
      Duration releaseHorizon) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.maxTokenLifetime = Objects.requireNonNull(maxTokenLifetime, "maxTokenLifetime");
    this.skew = Objects.requireNonNull(skew, "skew");
    this.maxRequestLife = Objects.requireNonNull(maxRequestLife, "maxRequestLife");
    this.releaseHorizon = Objects.requireNonNull(releaseHorizon, "releaseHorizon");
  }

  /**
   * @param now identity-service's own time of the release
   * @return the approver's token, for the ledger to spend on this request
   * @throws RefusedGrant naming the first check that failed
   */
  public ApprovalEvidence check(GrantClaims claims, Instant now) {
    FiledClaims filed = claims.filed();
    if (filed == null || !claims.requestId().equals(filed.requestId())
        || !claims.platformId().equals(filed.platformId()) || !claims.accountId().equals(filed.accountId())
        || filed.fields().isEmpty() || filed.fields().contains(GrantedField.UNRECOGNISED)
        || !EnumSet.copyOf(filed.fields()).equals(EnumSet.copyOf(claims.fields()))) {
      throw new RefusedGrant(GrantRefusal.FILED);
    }
    if (claims.digest().isEmpty() || !claims.digest().equals(claims.recomputedDigest())) {
      throw new RefusedGrant(GrantRefusal.DIGEST);
    }
    Duration life = Duration.between(filed.filedAt(), filed.dueAt());
    // A deadline at the filing is no life at all: disclosure-service never files such a request.
    if (!life.isPositive() || life.compareTo(maxRequestLife) > 0) {
      throw new RefusedGrant(GrantRefusal.REQUEST_LIFE);
    }
    OfficialToken filer = verify(claims.filerToken(), GrantRefusal.FILER_EVIDENCE);
    OfficialToken approver = verify(claims.approverToken(), GrantRefusal.APPROVER_EVIDENCE);
    if (!filer.official().equals(filed.requestedBy()) || !filer.agencyId().equals(filed.agencyId())
        || !filer.roles().contains(FILING_ROLE)) {
      throw new RefusedGrant(GrantRefusal.FILER);
    }
    if (approver.agencyId().isEmpty() || !approver.agencyId().equals(filed.agencyId())
        || !approver.roles().contains(APPROVING_ROLE)) {
      throw new RefusedGrant(GrantRefusal.APPROVER);
    }
    if (approver.roles().contains(FILING_ROLE)) {
      throw new RefusedGrant(GrantRefusal.APPROVER_FILES);
    }
    if (approver.official().equals(filer.official())) {
      throw new RefusedGrant(GrantRefusal.SAME_OFFICIAL);
    }
    if (!withinLife(filer, filed) || !withinLife(approver, filed)) {
      throw new RefusedGrant(GrantRefusal.EVIDENCE_TIME);
    }
    if (stale(approver, filed, now)) {
      throw new RefusedGrant(GrantRefusal.EVIDENCE_STALE);
    }
    return new ApprovalEvidence(approver.signingInput());
  }

  /**
   * Later than the horizon after the deadline or after the approving token was issued. The filing
   * officer's token is then at most {@code maxRequestLife + releaseHorizon + maxTokenLifetime + skew}
   * old: it was issued no earlier than {@code filedAt - maxTokenLifetime - skew}
   * ({@link #withinLife}), the deadline is at most {@code maxRequestLife} after the filing
   * (request-life) and the release at most the horizon after the deadline (here). A bound of its own
   * would be implied by these three, never decide anything, and so never be tested; a change to any
   * of them is caught by the test of the filer's bound instead.
   */
  private boolean stale(OfficialToken approver, FiledClaims filed, Instant now) {
    return now.isAfter(filed.dueAt().plus(releaseHorizon)) || now.isAfter(approver.issuedAt().plus(releaseHorizon));
  }

  private OfficialToken verify(String token, GrantRefusal refusal) {
    if (token == null || token.isEmpty()) {
      throw new RefusedGrant(refusal);
    }
    try {
      return tokens.verify(token);
    } catch (OfficialTokens.KeysPending e) {
      // The issuer's keys are behind the token, not the token at fault: a retry after the next fetch may pass.
      throw new RefusedGrant(GrantRefusal.EVIDENCE_KEYS_PENDING);
    } catch (OfficialTokens.InvalidToken e) {
      throw new RefusedGrant(refusal);
    }
  }

  private boolean withinLife(OfficialToken token, FiledClaims filed) {
    Instant earliest = filed.filedAt().minus(maxTokenLifetime).minus(skew);
    Duration life = Duration.between(token.issuedAt(), token.expiresAt());
    return !token.issuedAt().isBefore(earliest)
        && !token.issuedAt().isAfter(filed.dueAt().plus(skew))
        && !token.expiresAt().isBefore(filed.filedAt().minus(skew))
        && !life.isNegative() && life.compareTo(maxTokenLifetime.plus(skew)) <= 0;
  }
}
