package org.idnet.identity.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A confirmed person to link to an account, with the rules the store must check in the same
 * transaction as the link, since they depend on other rows that may change concurrently.
 *
 * @param turns16In for a minor, the year of the 16th birthday (see {@link AgeRule})
 * @param guardian for a minor, the account that must be an adult REAL_NAME account of the platform
 * @param maxAccounts how many accounts of one platform a person may hold
 */
public record PersonLink(AccountRef account, PersonIdentity identity, OptionalInt turns16In,
    Optional<AccountRef> guardian, int maxAccounts) {

  public PersonLink {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(turns16In, "turns16In");
    Objects.requireNonNull(guardian, "guardian");
    if (turns16In.isPresent() != guardian.isPresent()) {
      throw new IllegalArgumentException("a minor needs a guardian, and only a minor has one");
    }
    if (maxAccounts < 1) {
      throw new IllegalArgumentException("maxAccounts must be at least 1");
    }
  }
}
