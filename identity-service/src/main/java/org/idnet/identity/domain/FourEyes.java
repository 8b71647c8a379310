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
 * <p>A token passing these checks proves an approval, but not of which request: the grant states
 * the request's life. So the approver's token is returned as {@link ApprovalEvidence}, which the
 * ledger spends on this request alone ({@link GrantRefusal#EVIDENCE_REUSED}).
 */
public final class FourEyes {

  public static final String FILING_ROLE = "agency-officer";
  public static final String APPROVING_ROLE = "agency-supervisor";

  private final OfficialTokens tokens;
  private final Duration maxTokenLifetime;
  private final Duration skew;

  /**
   * @param maxTokenLifetime the longest life of an access token at the issuer (Keycloak's
   *     accessTokenLifespan); a token living longer is no evidence
   */
  public FourEyes(OfficialTokens tokens, Duration maxTokenLifetime, Duration skew) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.maxTokenLifetime = maxTokenLifetime;
    this.skew = skew;
  }

  /**
   * @return the approver's token, for the ledger to spend on this request
   * @throws RefusedGrant naming the first check that failed
   */
  public ApprovalEvidence check(GrantClaims claims) {
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
    if (approver.official().equals(filer.official())) {
      throw new RefusedGrant(GrantRefusal.SAME_OFFICIAL);
    }
    if (!withinLife(filer, filed) || !withinLife(approver, filed)) {
      throw new RefusedGrant(GrantRefusal.EVIDENCE_TIME);
    }
    return new ApprovalEvidence(approver.signingInput());
  }

  private OfficialToken verify(String token, GrantRefusal refusal) {
    if (token == null || token.isEmpty()) {
      throw new RefusedGrant(refusal);
    }
    try {
      return tokens.verify(token);
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
