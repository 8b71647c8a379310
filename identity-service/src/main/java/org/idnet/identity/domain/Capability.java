package org.idnet.identity.domain;

/** What the law lets a verified account do on a platform. */
public enum Capability {
  COMMENT,
  POST,
  LIVESTREAM,
  /** Selling and commercial live-streaming: never for minors. */
  COMMERCE
}
