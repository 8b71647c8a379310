package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Persons and their links to accounts. A person is found by a keyed blind index of the citizen
 * id, and every personal field is stored encrypted, bound to its row.
 */
public interface PersonStore {

  /**
   * Creates or finds the person and links the account to it in one transaction, checking the
   * guardian and the platform's account limit under locks; on any refusal nothing is written.
   *
   * @throws IdentityException STORE_UNAVAILABLE if the store cannot answer
   */
  RealNameOutcome link(PersonLink link, Instant now);

  /**
   * The identity of the person the account is linked to, decrypted: only for lawful disclosure,
   * never for platforms.
   */
  Optional<PersonIdentity> identity(AccountRef account);
}
