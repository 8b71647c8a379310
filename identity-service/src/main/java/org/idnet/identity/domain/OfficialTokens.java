package org.idnet.identity.domain;

/** Verifies officials' access tokens against every key the issuer has published (kept for the purpose). */
public interface OfficialTokens {

  /**
   * @throws InvalidToken naming the failed check when the token does not verify
   */
  OfficialToken verify(String token);

  /** The token is no evidence; the message names the check, never the token. */
  final class InvalidToken extends RuntimeException {
    public InvalidToken(String message) {
      super(message, null, false, false);
    }
  }
}
