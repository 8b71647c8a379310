package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The uploaded batches waiting to be processed. Safe with several replicas: an import's batches are
 * taken by one replica at a time, in batch-number order, each processed in one transaction (a
 * failure leaves it waiting, untouched), so the end state never depends on timing.
 */
public interface ImportQueue {

  /**
   * Takes the lowest-numbered waiting batch of an import no one else is processing, binds or refuses each of its lines
   * (first by {@code rules}, then by what is stored: a carrier event since the platform's
   * verification, an active binding of the account), records each line's outcome and deletes the
   * upload, in one transaction. An import whose batch failed (rolled back whole) is left alone by
   * this replica for a rest, so imports behind it go on.
   *
   * @return what was processed; empty if no batch waits (or all are being processed elsewhere)
   */
  Optional<ProcessedBatch> processNext(ImportLineRules rules, Instant now);
}
