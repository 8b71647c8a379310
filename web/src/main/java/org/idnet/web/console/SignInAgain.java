package org.idnet.web.console;

/** The session's tokens no longer work (refresh refused, session ended): sign in again. */
public final class SignInAgain extends RuntimeException {

  public SignInAgain() {
    super("sign in again", null, false, false);
  }
}
