package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Optional;
import org.idnet.phone.PhoneNumber;

/**
 * The system of record for phone bindings. Implementations keep the invariants under concurrency
 * (at most one active binding per account, one binding per verification id) and never store a
 * phone number in plain text.
 */
public interface PhoneBindingStore {

  /**
   * Records the binding in one transaction, creating the account if needed and ending an active
   * binding of the account. Binding again with a verification id already recorded for the same
   * account and number changes nothing.
   *
   * @return the account's standing after the call
   * @throws IdentityException VERIFICATION_ALREADY_USED if the verification id bound another
   *     account or number; STORE_UNAVAILABLE if the store cannot answer
   */
  PhoneStanding bind(PhoneBindingRequest request, Instant now);

  /** The account's standing; an account never seen is {@link PhoneStanding.Unbound}. */
  PhoneStanding standing(AccountRef account);

  /**
   * The account's active binding, its number decrypted, with where its proof comes from (an OTP
   * through idnet, or a platform's import and the date the platform verified the number): only for
   * lawful disclosure ({@link IdentityRelease}), never for platforms.
   */
  Optional<BoundPhone> activeBinding(AccountRef account);

  /** The number of the account's active binding, decrypted: {@link #activeBinding} without its source. */
  default Optional<PhoneNumber> activePhone(AccountRef account) {
    return activeBinding(account).map(BoundPhone::number);
  }
}
