package org.idnet.identity.domain;

/** What became of a {@link PersonLink}; every outcome but the first two wrote nothing. */
public sealed interface RealNameOutcome {

  /** The account is now linked to the person. */
  record Linked() implements RealNameOutcome {
  }

  /** The account was already linked to this person: nothing changed. */
  record AlreadyLinked() implements RealNameOutcome {
  }

  /** The account is linked to another person. */
  record OtherPersonLinked() implements RealNameOutcome {
  }

  /** The guardian is not an adult, REAL_NAME-verified, other account of the platform. */
  record GuardianNotValid() implements RealNameOutcome {
  }

  /** The person already holds the platform's maximum number of accounts. */
  record LimitReached() implements RealNameOutcome {
  }
}
