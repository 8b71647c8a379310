package org.idnet.identity.domain;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Closes a platform's account. Idempotent, and an account the network has never seen closes "fine"
 * too: answering NOT_FOUND would tell a platform which of its ids were ever verified by a person,
 * and the outcome it wants - no active binding - holds either way.
 */
public final class AccountCloser {

  private final AccountStore accounts;
  private final AccountVerifier verifier;
  private final Clock clock;

  public AccountCloser(AccountStore accounts, AccountVerifier verifier, Clock clock) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** @return whether bindings ended now (for the log) */
  public boolean close(AccountRef account) {
    boolean ended = accounts.close(account, clock.instant());
    if (ended) {
      verifier.changed(List.of(account));
    }
    return ended;
  }
}
