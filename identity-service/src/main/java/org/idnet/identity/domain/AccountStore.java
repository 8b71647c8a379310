package org.idnet.identity.domain;

import java.time.Instant;

/** The end of an account on its platform's side. */
public interface AccountStore {

  /**
   * Ends every active binding of the account (phone and person) in one transaction; the person
   * record stays, for lawful requests about the past.
   *
   * @return whether anything ended: false for an account without active bindings or never seen
   * @throws IdentityException STORE_UNAVAILABLE if the store cannot answer
   */
  boolean close(AccountRef account, Instant now);
}
