package org.idnet.gateway.security;

import org.springframework.security.oauth2.jwt.BadJwtException;

/** The token's client is on the deny list: refused like any bad token, with its own code. */
public final class ClientDisabledException extends BadJwtException {

  public static final String CODE = "client-disabled";

  public ClientDisabledException() {
    super("the token's client has been disabled");
  }
}
