package org.idnet.identity.domain;

/** How an account is verified, weakest first: NONE &lt; PHONE &lt; REAL_NAME. */
public enum VerificationLevel {
  NONE,
  PHONE,
  REAL_NAME
}
