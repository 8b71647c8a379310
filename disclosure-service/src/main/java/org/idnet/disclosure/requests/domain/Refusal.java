package org.idnet.disclosure.requests.domain;

/**
 * Why a call was refused: {@link #code()} is the stable word callers match on (ErrorInfo reason),
 * {@link #kind()} the class of answer (the api layer turns it into a gRPC status, the gateway into
 * HTTP: see the comments).
 */
public enum Refusal {
  INVALID_REQUEST("invalid-request", Kind.INVALID),
  /** Unknown id, or another agency's: the same answer for both. */
  NOT_FOUND("not-found", Kind.NOT_FOUND),
  /** Wrong role, self-approval, cancelling someone else's request. */
  FORBIDDEN("forbidden", Kind.DENIED),
  /**
   * 403 at the gateway: a person approving with a token whose login is not fresh ({@code auth_time}
   * older than {@code idnet.disclosure.approval-login-within}) or lacks the one-time code ({@code amr}).
   */
  FRESH_LOGIN_REQUIRED("fresh-login-required", Kind.DENIED),
  /** A supervisor of another agency deciding an existing request. */
  NOT_SAME_AGENCY("not-same-agency", Kind.DENIED),
  /** 422 at the gateway. */
  FIELDS_NOT_PERMITTED("fields-not-permitted", Kind.PRECONDITION),
  /** 422 at the gateway. */
  UNKNOWN_LEGAL_BASIS("unknown-legal-basis", Kind.PRECONDITION),
  /** 422 at the gateway. */
  EMERGENCY_NOT_PERMITTED("emergency-not-permitted", Kind.PRECONDITION),
  /** 422 at the gateway. */
  IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", Kind.PRECONDITION),
  /** 409 at the gateway. */
  REQUEST_NOT_AWAITING_APPROVAL("request-not-awaiting-approval", Kind.PRECONDITION),
  /** Internal only: a release of a request that is no longer approved (jobs skip such requests). */
  REQUEST_NOT_APPROVED("request-not-approved", Kind.PRECONDITION),
  /** 409 at the gateway. */
  REQUEST_NOT_DISCLOSED("request-not-disclosed", Kind.PRECONDITION),
  /** 410 at the gateway. */
  PACKAGE_EXPIRED("package-expired", Kind.PRECONDITION),
  /**
   * 409 at the gateway: the supervisor's access token already approved another request. Each
   * approval needs a token of its own (identity-service releases once per approving token).
   */
  EVIDENCE_REUSED("evidence-reused", Kind.PRECONDITION),
  /** 428 at the gateway: approval without If-Match. */
  PRECONDITION_REQUIRED("precondition-required", Kind.PRECONDITION),
  /** 412 at the gateway: If-Match names another version of the request than the current one. */
  PRECONDITION_FAILED("precondition-failed", Kind.PRECONDITION),
  /** 503 at the gateway: nothing was written, the call may be repeated. */
  STORE_UNAVAILABLE("store-unavailable", Kind.UNAVAILABLE),
  /**
   * 504 at the gateway, without Retry-After: the store failed while committing, so the write may or
   * may not have happened (PostgreSQL may have committed before the connection died). A filing
   * repeated blindly could file twice: repeat only with the same Idempotency-Key, or read first.
   */
  OUTCOME_UNKNOWN("outcome-unknown", Kind.OUTCOME_UNKNOWN);

  /** Classes of answers, independent of the transport. */
  public enum Kind { INVALID, NOT_FOUND, DENIED, PRECONDITION, UNAVAILABLE, OUTCOME_UNKNOWN }

  private final String code;
  private final Kind kind;

  Refusal(String code, Kind kind) {
    this.code = code;
    this.kind = kind;
  }

  public String code() {
    return code;
  }

  public Kind kind() {
    return kind;
  }
}
