package org.idnet.identity.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * Where refused releases are recorded for oversight (append-only, no personal data) and counted.
 * Recording never stops a refusal: an implementation does not throw (it logs what it could not
 * record), and the grant is refused all the same.
 */
public interface RefusalLog {

  /** @param requestId the request a verified grant named; null when the grant did not verify */
  void record(GrantRefusal refusal, UUID requestId, Instant at);
}
