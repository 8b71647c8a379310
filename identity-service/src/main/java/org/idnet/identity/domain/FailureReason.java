package org.idnet.identity.domain;

/** Why a request was refused; {@link #code()} is the stable word of api.md that callers match on. */
public enum FailureReason {
  INVALID_ACCOUNT_ID("invalid-account-id"),
  INVALID_PLATFORM_ID("invalid-platform-id"),
  INVALID_PHONE_NUMBER("invalid-phone-number"),
  INVALID_VERIFICATION_ID("invalid-verification-id"),
  /** A malformed citizen id, name or date of birth (api.md real-name); never says more than the field. */
  INVALID_IDENTITY("invalid-identity"),
  /** A batch look-up named no account or more than 500. */
  INVALID_ACCOUNT_IDS("invalid-account-ids"),
  /** A carrier's number event without a type, or with a missing or future time. */
  INVALID_NUMBER_EVENT("invalid-number-event"),
  /**
   * A sandbox list asked for fewer than 1 or more than 100 entries; the event outbox was read or
   * acknowledged with fewer than 1 or more than 500.
   */
  INVALID_COUNT("invalid-count"),
  /** The verification id already bound another account or number: it proves nothing else. */
  VERIFICATION_ALREADY_USED("verification-already-used"),
  /** The population register does not know the triple; never says which field differs. */
  IDENTITY_NOT_CONFIRMED("identity-not-confirmed"),
  /** Under 16 without an adult, REAL_NAME-verified guardian account of the same platform. */
  GUARDIAN_REQUIRED("guardian-required"),
  /** The account is already linked to another person; an account belongs to one person only. */
  ACCOUNT_ALREADY_REGISTERED("account-already-registered"),
  /** The person already holds the platform's maximum number of accounts. */
  ACCOUNT_LIMIT_REACHED("account-limit-reached"),
  /**
   * A disclosure grant failed a check (signature, key, audience, expiry, lifetime, scope, replay):
   * nothing was released. The description names the check, never personal data.
   */
  GRANT_REFUSED("grant-refused"),
  /**
   * The citizen id had the day's maximum of failed register confirmations (all platforms together):
   * the register is not asked again before the next day in the service's zone.
   */
  TOO_MANY_FAILED_CONFIRMATIONS("too-many-failed-confirmations"),
  /**
   * Other registrations of the same citizen id are being confirmed by the register right now, and
   * with the day's failures they could reach its limit: retry in a moment, when they are settled.
   */
  CONFIRMATION_IN_PROGRESS("confirmation-in-progress"),
  /**
   * The caller (a platform registering real names, a carrier reporting number events) used its
   * allowance of the period, counted by this service instance.
   */
  RATE_LIMITED("rate-limited"),
  /**
   * An Idempotency-Key that is not 1-64 printable ASCII characters without spaces: the gateway's
   * word for a malformed header (and phone-otp-service's), so the answer is the same whichever refuses.
   */
  INVALID_REQUEST("invalid-request"),
  /** An import id that is not imp_ and 22 base64url characters. */
  INVALID_IMPORT_ID("invalid-import-id"),
  /** An import batch numbered outside 1-100000. */
  INVALID_BATCH_NUMBER("invalid-batch-number"),
  /** An import batch of no line or more than 1000. */
  INVALID_IMPORT_LINES("invalid-import-lines"),
  /** An import batch whose line numbers are not 1-10^9 and strictly increasing. */
  INVALID_LINE_NUMBERS("invalid-line-numbers"),
  /** A page size outside 0-1000 or a line number to page from outside 0-10^9. */
  INVALID_PAGE("invalid-page"),
  /** No import of the caller's platform has this id (another platform's import included). */
  IMPORT_NOT_FOUND("import-not-found"),
  /** The batch number was used with other content; a batch is never replaced. */
  BATCH_DIFFERS("batch-differs"),
  /** The import was completed: no batch is added after that. */
  IMPORT_COMPLETED("import-completed"),
  /** The batch's line numbers overlap those of another batch of the import. */
  LINE_NUMBERS_OVERLAP("line-numbers-overlap"),
  /** The platform has as many imports open as it may (ImportLimits): complete one first. */
  TOO_MANY_OPEN_IMPORTS("too-many-open-imports"),
  /** The platform's stored, unprocessed batches are at their limit: send the batch again later. */
  IMPORT_BACKLOG_FULL("import-backlog-full"),
  /** Hosted verification (docs/pages.md section 3): malformed input of its methods. */
  INVALID_RETURN_URL("invalid-return-url"),
  INVALID_RETURN_URL_ID("invalid-return-url-id"),
  INVALID_STATE("invalid-state"),
  INVALID_LEVEL("invalid-level"),
  INVALID_LOCALE("invalid-locale"),
  INVALID_ACCOUNT_LABEL("invalid-account-label"),
  INVALID_SESSION_ID("invalid-session-id"),
  INVALID_LAUNCH_TOKEN("invalid-launch-token"),
  INVALID_RESULT("invalid-result"),
  INVALID_OUTCOME("invalid-outcome"),
  /** The session's return URL is not one the platform registered, byte for byte. */
  RETURN_URL_NOT_REGISTERED("return-url-not-registered"),
  /** The platform has as many return URLs as it may (20). */
  TOO_MANY_RETURN_URLS("too-many-return-urls"),
  /** No return URL of the caller's platform has this id. */
  RETURN_URL_NOT_FOUND("return-url-not-found"),
  /**
   * No open session has this id, launch token or secret: the same answer for an unknown one, another
   * platform's, a wrong secret, a used launch token, an expired or finished session.
   */
  HOSTED_SESSION_NOT_FOUND("hosted-session-not-found"),
  /** A result reference unknown, used, expired or another platform's. */
  RESULT_NOT_FOUND("result-not-found"),
  /** A hosted session's call named an account outside its scope: answered as an unknown account. */
  ACCOUNT_NOT_FOUND("account-not-found"),
  /** Completing a session whose account has not reached the level asked (and no other outcome holds). */
  LEVEL_NOT_REACHED("level-not-reached"),
  /** The session was completed or cancelled already. */
  SESSION_FINISHED("session-finished"),
  /** The hosted session's attempts of this kind are spent. */
  SESSION_LIMIT_REACHED("session-limit-reached"),
  /** An Idempotency-Key used before with another request body. */
  IDEMPOTENCY_KEY_REUSED("idempotency-key-reused"),
  /** The population register cannot answer now; nothing was recorded. */
  REGISTER_UNAVAILABLE("register-unavailable"),
  STORE_UNAVAILABLE("store-unavailable");

  private final String code;

  FailureReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
