package org.idnet.webhooks.endpoints.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where endpoints live (adapter: JdbcEndpointStore). A platform only ever reaches its own. */
public interface EndpointStore {

  /**
   * Stores the endpoint under {@code id}, unless the platform has {@code limit} already
   * (TOO_MANY_WEBHOOK_ENDPOINTS) or the claim's key was used before (then the endpoint it created,
   * if the digest is the same, else IDEMPOTENCY_KEY_REUSED).
   */
  RevealedEndpoint create(String id, NewEndpoint endpoint, SigningSecret secret, Optional<IdempotencyClaim> claim,
      int limit, Instant now);

  /**
   * The endpoint an earlier create with this Idempotency-Key registered, as it is now (its current
   * secret); IDEMPOTENCY_KEY_REUSED if the key came with another request; empty if it is new.
   */
  Optional<RevealedEndpoint> replay(String platformId, IdempotencyClaim claim);

  /** The platform's endpoints, oldest first. */
  List<Endpoint> list(String platformId);

  /** @return whether the platform had that endpoint */
  boolean delete(String platformId, String endpointId);

  /**
   * Gives the endpoint {@code secret}, the old one signing until {@code now + overlap}, enables it
   * if it was disabled and makes its undelivered deliveries due now; empty if the platform has no
   * such endpoint.
   */
  Optional<RevealedEndpoint> rotate(String platformId, String endpointId, SigningSecret secret, Duration overlap,
      Instant now);
}
