package org.idnet.identity.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Answers "is this account verified, and what may it do?" from the account's bindings. Today only
 * phone bindings exist; a real-name binding will raise the level to REAL_NAME here.
 */
public final class AccountVerifier {

  private final PhoneBindingStore bindings;
  private final CapabilityPolicy policy;

  public AccountVerifier(PhoneBindingStore bindings, CapabilityPolicy policy) {
    this.bindings = Objects.requireNonNull(bindings, "bindings");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public AccountVerification check(AccountRef account) {
    return verification(account, bindings.standing(account));
  }

  AccountVerification verification(AccountRef account, PhoneStanding phone) {
    return switch (phone) {
      case PhoneStanding.Unbound u -> AccountVerification.unverified(account.accountId(), VerificationStatus.UNVERIFIED);
      case PhoneStanding.Revoked r -> AccountVerification.unverified(account.accountId(), VerificationStatus.REVOKED);
      case PhoneStanding.Active active -> new AccountVerification(account.accountId(), VerificationStatus.VERIFIED,
          VerificationLevel.PHONE, policy.capabilities(VerificationLevel.PHONE, AgeBand.UNKNOWN), AgeBand.UNKNOWN,
          Optional.empty(), Optional.of(active.boundAt()));
    };
  }
}
