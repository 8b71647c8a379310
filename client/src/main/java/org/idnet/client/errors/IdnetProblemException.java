package org.idnet.client.errors;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * idnet refused a call: its {@code application/problem+json} answer (RFC 9457), typed. {@link #code()}
 * is the stable machine word to branch on (api.md: {@code invalid-phone-number},
 * {@code verification-closed}, {@code identity-not-confirmed}, ...); {@link #status()} the HTTP
 * status; {@link #retryAfter()} the {@code Retry-After} of a 429 or 503. The client has already
 * retried what was safe to retry before throwing this.
 */
public class IdnetProblemException extends IdnetException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String title;
  private final String code;
  private final String detail;
  private final Duration retryAfter;
  private final List<FieldError> fieldErrors;

  public IdnetProblemException(int status, String type, String title, String code, String detail,
      Duration retryAfter, List<FieldError> fieldErrors) {
    super("HTTP " + status + (code == null ? "" : " " + code) + (detail == null ? "" : ": " + detail));
    this.status = status;
    this.type = type;
    this.title = title;
    this.code = code;
    this.detail = detail;
    this.retryAfter = retryAfter;
    this.fieldErrors = List.copyOf(fieldErrors);
  }

  public int status() {
    return status;
  }

  /** The problem type URI, or null. */
  public String type() {
    return type;
  }

  /** The short human-readable summary, or null. */
  public String title() {
    return title;
  }

  /** The stable machine word, e.g. {@code invalid-phone-number}; null when the answer had none. */
  public String code() {
    return code;
  }

  /** The explanation for this occurrence, or null. */
  public String detail() {
    return detail;
  }

  /** How long idnet asked to wait before trying again (429, 503). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The fields a validation refusal names; empty otherwise. */
  public List<FieldError> fieldErrors() {
    return fieldErrors;
  }

  /** 400, 413 or 422: the request itself must change (the field errors say how). */
  public boolean isInvalidRequest() {
    return status == 400 || status == 413 || status == 422;
  }

  /** 401 or 403: the client's credentials or roles do not allow the call. */
  public boolean isAccessDenied() {
    return status == 401 || status == 403;
  }

  /** 404: no such thing for this caller (someone else's id answers exactly like an unknown one). */
  public boolean isNotFound() {
    return status == 404;
  }

  /** 409: the thing is not in a state that allows the call (e.g. {@code verification-closed}). */
  public boolean isConflict() {
    return status == 409;
  }

  /** 429: a limit; {@link #retryAfter()} says when to try again. */
  public boolean isRateLimited() {
    return status == 429;
  }

  /** 502, 503 or 504: idnet or one of its services is unavailable right now. */
  public boolean isUnavailable() {
    return status == 502 || status == 503 || status == 504;
  }
}
