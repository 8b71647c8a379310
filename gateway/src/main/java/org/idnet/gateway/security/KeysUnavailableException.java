package org.idnet.gateway.security;

import org.springframework.security.oauth2.jwt.JwtException;

/**
 * No signing keys of the issuer are known yet (it could not be reached since the start): the
 * token cannot be judged, which is the edge's trouble, not the client's (answered 503, not 401).
 */
public final class KeysUnavailableException extends JwtException {

  public KeysUnavailableException(String message) {
    super(message);
  }
}
