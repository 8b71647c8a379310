package org.idnet.client.accounts;

/** The account holder's age band; known only at {@link VerificationLevel#REAL_NAME}. */
public enum AgeBand {
  ADULT,
  /** Under 16. */
  MINOR,
  UNKNOWN,
  /** A value this version of the client does not know (the API only grows by adding). */
  UNRECOGNIZED
}
