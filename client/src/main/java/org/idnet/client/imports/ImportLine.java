package org.idnet.client.imports;

import java.time.Instant;
import java.util.Objects;

/**
 * One account the platform verified before joining idnet, as it uploads it. idnet checks the
 * content when it processes the batch and refuses a bad line with a reason, not the batch.
 *
 * @param line the platform's own line number (of its file, say), 1-1000000000, increasing in a batch
 * @param verifiedAt when the platform verified the number
 */
public record ImportLine(int line, String accountId, String phoneNumber, Instant verifiedAt) {

  public ImportLine {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(phoneNumber, "phoneNumber");
    Objects.requireNonNull(verifiedAt, "verifiedAt");
  }
}
