package org.idnet.identity.domain;

/** Verifies officials' access tokens against every key the issuer has published (kept for the purpose). */
public interface OfficialTokens {

  /**
   * @throws InvalidToken naming the failed check when the token does not verify
   * @throws KeysPending when it cannot be judged yet: its key was not seen published at or after the
   *     token's issue because the issuer's keys could not be fetched since
   */
  OfficialToken verify(String token);

  /** The token is no evidence; the message names the check, never the token. */
  final class InvalidToken extends RuntimeException {
    public InvalidToken(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Not judged yet: what is known of the issuer's keys is older than the token, so a fetch may still
   * show its key published (an issuer outage, a key published since the last fetch). Worth a retry,
   * unlike {@link InvalidToken}.
   */
  final class KeysPending extends RuntimeException {
    public KeysPending(String message) {
      super(message, null, false, false);
    }
  }
}
