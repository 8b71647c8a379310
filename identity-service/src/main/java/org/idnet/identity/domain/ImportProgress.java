package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An import's progress: {@code linesReceived = linesBound + linesRefused + remaining()}.
 *
 * @param refusals refused lines counted by reason, only reasons that occurred
 */
public record ImportProgress(ImportId id, ImportStatus status, Instant createdAt, Optional<Instant> completedAt,
    int batchesReceived, long linesReceived, long linesBound, long linesRefused, Map<ImportRefusal, Long> refusals) {

  public ImportProgress {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(completedAt, "completedAt");
    // In the enum's order, so answers list reasons in a stable order.
    refusals = refusals.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(refusals));
  }

  /** Lines received and not processed yet. */
  public long remaining() {
    return linesReceived - linesBound - linesRefused;
  }
}
