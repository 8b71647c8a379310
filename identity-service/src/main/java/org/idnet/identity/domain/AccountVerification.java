package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a platform may learn about one of its accounts, and nothing more.
 *
 * @param capabilities in declaration order of {@link Capability}
 * @param subjectId the pairwise pseudonym of the person; only at REAL_NAME
 * @param verifiedAt when the account reached its current level
 * @param phoneSource where the PHONE level's proof comes from; only at PHONE
 */
public record AccountVerification(String accountId, VerificationStatus status, VerificationLevel level,
    Set<Capability> capabilities, AgeBand ageBand, Optional<String> subjectId, Optional<Instant> verifiedAt,
    Optional<PhoneSource> phoneSource) {

  public AccountVerification {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(level, "level");
    capabilities = Capabilities.ordered(capabilities);
    Objects.requireNonNull(ageBand, "ageBand");
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(verifiedAt, "verifiedAt");
    Objects.requireNonNull(phoneSource, "phoneSource");
  }

  /** An account with no active binding: a normal answer, not "not found". */
  public static AccountVerification unverified(String accountId, VerificationStatus status) {
    return new AccountVerification(accountId, status, VerificationLevel.NONE, Set.of(), AgeBand.UNKNOWN,
        Optional.empty(), Optional.empty(), Optional.empty());
  }
}
