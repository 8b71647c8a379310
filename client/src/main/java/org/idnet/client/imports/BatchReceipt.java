package org.idnet.client.imports;

import java.time.Instant;

/** What a stored batch answers, the same for every repeat of it (received: when it first arrived). */
public record BatchReceipt(int batchNumber, int lineCount, int firstLine, int lastLine, Instant receivedAt) {
}
