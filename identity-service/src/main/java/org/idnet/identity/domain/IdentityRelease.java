package org.idnet.identity.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Releases identity data for a lawful disclosure, only against a grant disclosure-service signed
 * after a supervisor approved the request (security.md, "Disclosure"). Every check runs before
 * anything is decrypted, so a call from another peer's certificate, or a grant that was replayed, altered, expired or
 * over-broad, releases nothing.
 *
 * <p>Found or not: the answer is empty ({@link ReleasedIdentity#isEmpty()}, found = false) only when
 * none of the granted fields exists for the account; otherwise it carries the granted fields the
 * account has (a person's name without a phone binding, say) and nothing else.
 */
public final class IdentityRelease {

  /** The only audience this service accepts: a grant made for another verifier is not for us. */
  public static final String AUDIENCE = "identity-service";
  /** A grant living longer than this is over-broad (security.md: short-lived, at most 60 s). */
  public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
  /** How far the two services' clocks may disagree; no tolerance beyond it. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

  private static final Set<GrantedField> PERSON_FIELDS =
      EnumSet.of(GrantedField.FULL_NAME, GrantedField.NATIONAL_ID, GrantedField.DATE_OF_BIRTH);

  private final GrantSignatures signatures;
  private final GrantDecoder decoder;
  private final GrantLedger ledger;
  private final PersonStore persons;
  private final PhoneBindingStore phones;
  private final Clock clock;

  public IdentityRelease(GrantSignatures signatures, GrantDecoder decoder, GrantLedger ledger, PersonStore persons,
      PhoneBindingStore phones, Clock clock) {
    this.signatures = Objects.requireNonNull(signatures, "signatures");
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.persons = Objects.requireNonNull(persons, "persons");
    this.phones = Objects.requireNonNull(phones, "phones");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @throws IdentityException GRANT_REFUSED naming the failed check ({@link GrantRefusal});
   *     STORE_UNAVAILABLE if the store cannot answer (the grant then stays unused)
   */
  public ReleasedIdentity release(SignedGrant signed) {
    switch (signatures.check(signed)) {
      case VALID -> { }
      case NO_TRUSTED_KEYS -> throw GrantRefusal.NO_TRUSTED_KEYS.exception();
      case UNKNOWN_KEY -> throw GrantRefusal.UNKNOWN_KEY.exception();
      case INVALID -> throw GrantRefusal.SIGNATURE.exception();
    }
    GrantClaims claims = decoder.decode(signed.grant()).orElseThrow(GrantRefusal.MALFORMED::exception);
    Instant now = clock.instant();
    if (!AUDIENCE.equals(claims.audience())) {
      throw GrantRefusal.AUDIENCE.exception();
    }
    if (!now.isBefore(claims.expiresAt().plus(CLOCK_SKEW))) {
      throw GrantRefusal.EXPIRED.exception();
    }
    if (claims.issuedAt().isAfter(now.plus(CLOCK_SKEW))) {
      throw GrantRefusal.NOT_YET_VALID.exception();
    }
    Duration lifetime = Duration.between(claims.issuedAt(), claims.expiresAt());
    if (!lifetime.isPositive() || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw GrantRefusal.LIFETIME.exception();
    }
    if (claims.fields().isEmpty() || claims.fields().contains(GrantedField.UNRECOGNISED)) {
      throw GrantRefusal.FIELDS.exception();
    }
    Set<GrantedField> fields = EnumSet.copyOf(claims.fields());
    AccountRef account = account(claims);
    GrantUse use = new GrantUse(uuid(claims.grantId()), uuid(claims.requestId()), now, claims.expiresAt());
    return ledger.firstUse(use, () -> read(account, fields)).orElseThrow(GrantRefusal.REPLAYED::exception);
  }

  /** Reads, and so decrypts, only what the grant names. */
  private ReleasedIdentity read(AccountRef account, Set<GrantedField> fields) {
    Optional<PersonIdentity> person = fields.stream().anyMatch(PERSON_FIELDS::contains)
        ? persons.identity(account) : Optional.empty();
    Optional<PhoneNumber> phone = fields.contains(GrantedField.PHONE_NUMBER)
        ? phones.activePhone(account) : Optional.empty();
    return new ReleasedIdentity(
        granted(fields, GrantedField.FULL_NAME, person.map(p -> p.fullName().value())),
        granted(fields, GrantedField.NATIONAL_ID, person.map(p -> p.citizenId().value())),
        granted(fields, GrantedField.DATE_OF_BIRTH, person.map(p -> p.dateOfBirth().toString())),
        granted(fields, GrantedField.PHONE_NUMBER, phone.map(PhoneNumber::e164)));
  }

  private static String granted(Set<GrantedField> fields, GrantedField field, Optional<String> value) {
    return fields.contains(field) ? value.orElse(null) : null;
  }

  private static AccountRef account(GrantClaims claims) {
    try {
      return new AccountRef(claims.platformId(), claims.accountId());
    } catch (IdentityException malformed) {
      throw GrantRefusal.ACCOUNT.exception();
    }
  }

  private static UUID uuid(String value) {
    try {
      UUID uuid = UUID.fromString(value);
      // UUID.fromString accepts short forms like "1-2-3-4-5"; only the canonical form names a grant.
      if (uuid.toString().equalsIgnoreCase(value)) {
        return uuid;
      }
    } catch (IllegalArgumentException | NullPointerException malformed) {
      // refused below
    }
    throw GrantRefusal.IDS.exception();
  }
}
