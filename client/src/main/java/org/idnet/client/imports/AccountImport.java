package org.idnet.client.imports;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An import and its progress: {@code linesReceived = linesBound + linesRefused + linesRemaining}.
 *
 * @param id {@code imp_} and 22 characters
 * @param refusals refused lines counted by reason (e.g. {@code already-bound}), in idnet's order
 */
public record AccountImport(String id, ImportStatus status, Instant createdAt, Optional<Instant> completedAt,
    int batchesReceived, long linesReceived, long linesBound, long linesRefused, long linesRemaining,
    Map<String, Long> refusals) {

  public AccountImport {
    refusals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(refusals));
  }
}
