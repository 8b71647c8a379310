package org.idnet.identity.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Registers the real name of an account's user: well-formed input, confirmed by the population
 * register (within the limits of {@link RealNameAttempts}), then linked to the one person of that
 * citizen id, with a guardian for minors and a cap on the accounts one person holds on one platform.
 */
public final class RealNameRegistrar {

  private final PopulationRegister register;
  private final RealNameAttempts attempts;
  private final PersonStore persons;
  private final AccountVerifier verifier;
  private final AgeRule ages;
  private final int maxAccountsPerPlatform;
  private final Clock clock;

  public RealNameRegistrar(PopulationRegister register, RealNameAttempts attempts, PersonStore persons,
      AccountVerifier verifier, AgeRule ages, int maxAccountsPerPlatform, Clock clock) {
    this.register = Objects.requireNonNull(register, "register");
    this.attempts = Objects.requireNonNull(attempts, "attempts");
    this.persons = Objects.requireNonNull(persons, "persons");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.ages = Objects.requireNonNull(ages, "ages");
    if (maxAccountsPerPlatform < 1) {
      throw new IllegalArgumentException("the account limit per person and platform must be at least 1");
    }
    this.maxAccountsPerPlatform = maxAccountsPerPlatform;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Registering the same person on the same account again changes nothing and answers the same.
   *
   * @throws IdentityException INVALID_IDENTITY or INVALID_ACCOUNT_ID (malformed input),
   *     IDENTITY_NOT_CONFIRMED, GUARDIAN_REQUIRED, ACCOUNT_ALREADY_REGISTERED,
   *     ACCOUNT_LIMIT_REACHED, RATE_LIMITED, TOO_MANY_FAILED_CONFIRMATIONS, CONFIRMATION_IN_PROGRESS,
   *     REGISTER_UNAVAILABLE, STORE_UNAVAILABLE
   */
  public AccountVerification register(String platformId, RealNameForm form) {
    Instant now = clock.instant();
    LocalDate today = ages.today(now);
    RealNameRequest request = RealNameRequest.parse(platformId, form, today);
    PersonIdentity identity = request.identity();
    OptionalInt turns16In = ages.turns16In(identity.dateOfBirth(), today);
    Optional<AccountRef> guardian = turns16In.isPresent() ? request.guardian() : Optional.empty();
    // Cheap refusals first: no register call is spent on a minor who names no usable guardian.
    if (turns16In.isPresent() && (guardian.isEmpty() || guardian.get().equals(request.account()))) {
      throw guardianRequired();
    }
    if (!confirmed(request.account().platformId(), identity, now)) {
      throw IdentityException.of(FailureReason.IDENTITY_NOT_CONFIRMED,
          "the population register does not confirm these details");
    }
    RealNameOutcome outcome = persons.link(
        new PersonLink(request.account(), identity, turns16In, guardian, maxAccountsPerPlatform), now);
    switch (outcome) {
      case RealNameOutcome.Linked linked -> verifier.changed(List.of(request.account()));
      case RealNameOutcome.AlreadyLinked same -> {
      }
      case RealNameOutcome.OtherPersonLinked other -> throw IdentityException.of(
          FailureReason.ACCOUNT_ALREADY_REGISTERED, "the account is already registered to another person");
      case RealNameOutcome.GuardianNotValid invalid -> throw guardianRequired();
      case RealNameOutcome.LimitReached limit -> throw IdentityException.of(FailureReason.ACCOUNT_LIMIT_REACHED,
          "this person already holds the maximum number of accounts on this platform");
    }
    return verifier.fresh(request.account());
  }

  /**
   * Asks the register within the limits. A "no" settles its reservation as one of the citizen id's
   * failures of the day. A "yes" gives it back but does not reset the day's earlier failures:
   * they may be someone else's guesses, and the real person registering must not buy a guesser
   * more tries. No answer at all (register down) is not a failure either.
   */
  private boolean confirmed(String platformId, PersonIdentity identity, Instant now) {
    RealNameAttempts.Reservation reservation = attempts.reserve(platformId, identity.citizenId(), now);
    boolean confirmed;
    try {
      confirmed = register.confirms(identity.citizenId(), identity.fullName(), identity.dateOfBirth());
    } catch (PopulationRegisterUnavailableException e) {
      reservation.giveBack();
      throw IdentityException.unavailable(FailureReason.REGISTER_UNAVAILABLE,
          "the population register cannot answer now; try again later", e);
    } catch (RuntimeException e) {
      reservation.giveBack();
      throw e;
    }
    if (confirmed) {
      reservation.giveBack();
    } else {
      reservation.fail();
    }
    return confirmed;
  }

  private static IdentityException guardianRequired() {
    return IdentityException.of(FailureReason.GUARDIAN_REQUIRED, "an account holder under 16 needs a guardian: "
        + "guardianAccountId must name another adult, real-name verified account of this platform");
  }
}
