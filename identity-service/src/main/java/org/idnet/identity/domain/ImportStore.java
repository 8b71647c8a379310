package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Imports and their uploaded batches. Every method names the caller's platform: an import of
 * another platform is {@link FailureReason#IMPORT_NOT_FOUND}, as one that never existed.
 */
public interface ImportStore {

  /**
   * A new OPEN import; with an idempotency key the caller already used, that import instead.
   *
   * @throws IdentityException TOO_MANY_OPEN_IMPORTS for a new import beyond {@link ImportLimits#maxOpenImports()}
   */
  ImportProgress create(String platformId, Optional<String> idempotencyKey, Instant now);

  /**
   * Stores the batch encrypted, for processing. Idempotent per batch number: the same lines again
   * answer the first receipt, even once processed.
   *
   * @throws IdentityException IMPORT_NOT_FOUND; BATCH_DIFFERS if the number was used with other
   *     lines; IMPORT_COMPLETED for a new batch after completion; LINE_NUMBERS_OVERLAP if another
   *     batch of the import covers some of its line numbers; IMPORT_BACKLOG_FULL for a new batch while
   *     the platform has {@link ImportLimits#maxWaitingBatches()} waiting
   */
  BatchReceipt addBatch(ImportBatch batch, Instant now);

  /** No batch follows; idempotent. @throws IdentityException IMPORT_NOT_FOUND */
  ImportProgress complete(String platformId, ImportId id, Instant now);
}
