package org.idnet.identity.domain;

/**
 * Which check a grant failed, in the order {@link IdentityRelease} runs them (the four-eyes
 * checks in the order of {@link FourEyes}). The description goes
 * to the caller (disclosure-service, which alerts an operator), so it names the check and never
 * any content of the grant.
 */
public enum GrantRefusal {
  NO_TRUSTED_KEYS("no-trusted-keys", "identity-service has no trusted grant-signing keys"),
  UNKNOWN_KEY("unknown-key", "the key id names no trusted grant-signing key"),
  SIGNATURE("signature", "the signature does not verify over the grant bytes"),
  MALFORMED("malformed", "the grant bytes are not a DisclosureGrant"),
  AUDIENCE("audience", "the grant is meant for another audience than identity-service"),
  EXPIRED("expired", "the grant has expired"),
  NOT_YET_VALID("not-yet-valid", "the grant was issued in the future"),
  LIFETIME("lifetime", "the grant lives longer than 60 s, or not at all"),
  FIELDS("fields", "the grant names no field, or a field identity-service does not know"),
  ACCOUNT("account", "the grant names a malformed platform or account id"),
  IDS("ids", "the grant id or request id is not a UUID"),
  REPLAYED("replayed", "the grant was used before"),
  FILED("filed", "the grant carries no request as filed, or one naming another request, account or fields"),
  DIGEST("digest", "the digest does not match the request as filed"),
  REQUEST_LIFE("request-life",
      "the request's deadline is before its filing, or further from it than any deadline disclosure-service sets"),
  EVIDENCE_KEYS_PENDING("evidence-keys-pending",
      "an official's token names a signing key identity-service has not seen published at or after the token's issue:"
          + " the issuer's keys could not be fetched since; retry after the next fetch"),
  FILER_EVIDENCE("filer-evidence", "the filing officer's token is missing or does not verify with the issuer's keys"),
  APPROVER_EVIDENCE("approver-evidence",
      "the approving supervisor's token is missing or does not verify with the issuer's keys"),
  FILER("filer", "the filing officer's token names another official or agency than the request, or lacks the role"),
  APPROVER("approver", "the approver's token names another agency than the request, or lacks the supervisor role"),
  APPROVER_FILES("approver-files",
      "the approver's token also carries the filing role: a token that files requests is no evidence of an approval"),
  SAME_OFFICIAL("same-official", "the request was filed and approved by the same official"),
  EVIDENCE_TIME("evidence-time", "an official's token was not issued within the request's lifetime"),
  EVIDENCE_STALE("evidence-stale",
      "the release comes later than the release horizon after the request's deadline or the approving token"),
  EVIDENCE_REUSED("evidence-reused", "the approver's token was evidence for another request's release"),
  RETRY_DIFFERS("retry-differs",
      "the request was released before, and this grant would not release the same record again");

  /** The {@code ErrorInfo} metadata key that names the failed check. */
  public static final String CHECK = "check";

  private final String check;
  private final String description;

  GrantRefusal(String check, String description) {
    this.check = check;
    this.description = description;
  }

  /** The failed check, one stable word. */
  public String check() {
    return check;
  }

  /**
   * The refusal as the caller gets it: reason grant-refused, and the failed check in the
   * {@code ErrorInfo} metadata under {@value #CHECK}, so disclosure-service can tell a refusal no
   * new grant changes (the request's own evidence) from one an operator may fix, without parsing
   * the description.
   */
  public IdentityException exception() {
    return IdentityException.detailed(FailureReason.GRANT_REFUSED, "grant refused (" + check + "): " + description,
        java.util.Map.of(CHECK, check));
  }
}
