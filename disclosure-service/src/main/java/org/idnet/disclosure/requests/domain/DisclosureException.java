package org.idnet.disclosure.requests.domain;

import java.util.Optional;

/**
 * A refusal the caller may see. The message goes into the answer, so it never holds personal data
 * (no account values, names or numbers); expected refusals carry no stack trace.
 */
public final class DisclosureException extends RuntimeException {

  private final Refusal refusal;
  private final String field;

  private DisclosureException(Refusal refusal, String message, String field, Throwable cause) {
    super(message, cause, false, false);
    this.refusal = refusal;
    this.field = field;
  }

  /** Bad input in one field (lowerCamelCase JSON path, e.g. {@code target.accountId}). */
  public static DisclosureException invalid(String field, String message) {
    return new DisclosureException(Refusal.INVALID_REQUEST, message, field, null);
  }

  public static DisclosureException of(Refusal refusal, String message) {
    return new DisclosureException(refusal, message, null, null);
  }

  /** A refusal tied to one input field, e.g. fields beyond the legal basis. */
  public static DisclosureException of(Refusal refusal, String field, String message) {
    return new DisclosureException(refusal, message, field, null);
  }

  public static DisclosureException notFound() {
    return new DisclosureException(Refusal.NOT_FOUND, "no disclosure request with this id", null, null);
  }

  /** PostgreSQL could not answer; the cause is for the log, never for the caller. */
  public static DisclosureException storeUnavailable(Throwable cause) {
    return new DisclosureException(Refusal.STORE_UNAVAILABLE, "the disclosure store is unavailable; try again",
        null, cause);
  }

  /** The store failed while committing: the write may have happened; the cause is for the log. */
  public static DisclosureException outcomeUnknown(Throwable cause) {
    return new DisclosureException(Refusal.OUTCOME_UNKNOWN, "the disclosure store failed while committing, so this"
        + " call may or may not have taken effect; read it back, or repeat it only with the same Idempotency-Key",
        null, cause);
  }

  public Refusal refusal() {
    return refusal;
  }

  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
