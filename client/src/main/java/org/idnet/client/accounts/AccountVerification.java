package org.idnet.client.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a platform may let one of its accounts do. An account idnet has never seen is a normal
 * answer: {@link VerificationStatus#UNVERIFIED}, {@link VerificationLevel#NONE}, no capabilities.
 *
 * @param accountId the platform's own account id
 * @param capabilities in the order idnet gave them
 * @param subjectId the pairwise pseudonym of the person for this platform; only at REAL_NAME
 * @param verifiedAt when the account reached its current level; empty at NONE. For an imported
 *     phone binding, when the platform verified the number
 * @param phoneSource where the PHONE level's proof comes from; empty at other levels
 */
public record AccountVerification(String accountId, VerificationStatus status, VerificationLevel level,
    List<Capability> capabilities, AgeBand ageBand, Optional<String> subjectId, Optional<Instant> verifiedAt,
    Optional<PhoneSource> phoneSource) {

  public AccountVerification {
    capabilities = List.copyOf(capabilities);
  }

  /** As idnet answered before it stated a phone source (none stated). */
  public AccountVerification(String accountId, VerificationStatus status, VerificationLevel level,
      List<Capability> capabilities, AgeBand ageBand, Optional<String> subjectId, Optional<Instant> verifiedAt) {
    this(accountId, status, level, capabilities, ageBand, subjectId, verifiedAt, Optional.empty());
  }

  /** Whether idnet lets the account do this. */
  public boolean can(Capability capability) {
    return capabilities.contains(capability);
  }
}
