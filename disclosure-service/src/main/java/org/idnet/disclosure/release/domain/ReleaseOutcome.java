package org.idnet.disclosure.release.domain;

/** What identity-service answered to a grant. */
public sealed interface ReleaseOutcome {

  /** The granted fields, decrypted from the vault. */
  record Released(DisclosedFields fields) implements ReleaseOutcome {
  }

  /** The account has no person, or none of the granted data: nothing was released. */
  record NotFoundAtSource() implements ReleaseOutcome {
  }
}
