package org.idnet.caller.evidence;

/**
 * An official's token that is no evidence: missing, malformed, not signed by the issuer's keys,
 * from another issuer or audience, expired, or naming someone else. {@link #check()} names the
 * failed check in one stable word; the message never repeats the token.
 */
public final class InvalidEvidenceException extends RuntimeException {

  private final String check;

  public InvalidEvidenceException(String check, String message) {
    super(message, null, false, false);
    this.check = check;
  }

  /** The failed check: {@code missing}, {@code malformed}, {@code signature}, {@code issuer}, ... */
  public String check() {
    return check;
  }
}
