package org.idnet.identity.domain;

import java.time.Duration;

/**
 * What one platform may keep in idnet's store through imports (docs/imports.md, "Limits"): uploads
 * wait encrypted until processed, so their number is bounded, and so is the number of imports open
 * at once.
 *
 * @param maxOpenImports imports of a platform not completed yet; a new one beyond is
 *     {@link FailureReason#TOO_MANY_OPEN_IMPORTS} (complete or finish one first)
 * @param maxWaitingBatches batches of a platform stored and not processed yet; a new one beyond is
 *     {@link FailureReason#IMPORT_BACKLOG_FULL}, to be sent again after {@code backlogRetryAfter}
 * @param backlogRetryAfter what a refusal for a full backlog asks the uploader to wait
 */
public record ImportLimits(int maxOpenImports, int maxWaitingBatches, Duration backlogRetryAfter) {

  public ImportLimits {
    if (maxOpenImports < 1 || maxWaitingBatches < 1) {
      throw new IllegalArgumentException("import limits must be at least 1");
    }
    if (backlogRetryAfter.isNegative() || backlogRetryAfter.isZero()) {
      throw new IllegalArgumentException("the backlog's Retry-After must be positive");
    }
  }

  /** Limits no test or sandbox reaches unless it means to. */
  public static ImportLimits generous() {
    return new ImportLimits(1_000, 100_000, Duration.ofSeconds(5));
  }
}
