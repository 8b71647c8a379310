package org.idnet.client.accounts;

/** What a platform may let an account do. */
public enum Capability {
  COMMENT,
  POST,
  LIVESTREAM,
  /** Never for minors. */
  COMMERCE,
  /** A value this version of the client does not know (the API only grows by adding). */
  UNRECOGNIZED
}
