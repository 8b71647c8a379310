package org.idnet.identity.store;

import java.time.Instant;
import java.util.Optional;

/** When identity-service last saw the issuer publish a signing key (the key archive keeps it). */
public interface KeySightings {

  /** The last time the key with this id was in the issuer's JWKS, if it was ever seen (and is still kept). */
  Optional<Instant> lastSeen(String keyId);

  /**
   * The latest sighting of any of the issuer's keys: when the issuer's JWKS was last fetched (by any
   * replica, since every fetch renews the sighting of every key it lists); empty before the first.
   */
  Optional<Instant> latest();
}
