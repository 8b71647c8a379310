package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of an import batch as the platform sent it: nothing in it is validated yet but its line
 * number, so that a bad line can be refused with its own reason when the batch is processed
 * ({@link ImportLineRules}) instead of refusing the whole batch at upload.
 *
 * @param line the platform's line number (its file's), 1-10^9
 * @param accountId the platform's account id, as sent (at most 256 characters)
 * @param phoneNumber the number the platform verified, as sent (at most 256 characters)
 * @param verifiedAt when the platform verified it; empty if not sent
 */
public record ImportLine(int line, String accountId, String phoneNumber, Optional<Instant> verifiedAt) {

  /** What the contract lets through to processing; longer fields are refused with the batch. */
  public static final int MAX_FIELD_LENGTH = 256;
  public static final int MAX_LINE_NUMBER = 1_000_000_000;

  public ImportLine {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(phoneNumber, "phoneNumber");
    Objects.requireNonNull(verifiedAt, "verifiedAt");
  }
}
