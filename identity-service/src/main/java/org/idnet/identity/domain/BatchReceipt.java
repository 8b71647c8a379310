package org.idnet.identity.domain;

import java.time.Instant;

/**
 * What a stored batch answers, the same for every repeat of it: when it was first received, not
 * when it was repeated.
 */
public record BatchReceipt(ImportId importId, int batchNumber, int lineCount, int firstLine, int lastLine,
    Instant receivedAt) {
}
