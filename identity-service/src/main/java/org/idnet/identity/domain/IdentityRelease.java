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
 * after a supervisor approved the request (security.md, "Disclosure"), carrying evidence of four
 * eyes no idnet process can forge ({@link FourEyes}: the filing officer's and the approving
 * supervisor's own tokens over the digest of the request as filed). Every check of the grant and its
 * evidence runs before anything is decrypted, so a call from another peer's certificate,
 * disclosure-service's signing key alone, or a grant that was replayed, altered, expired or
 * over-broad, releases nothing; only a retry for a request released before is judged after the read
 * (and so after decryption, inside the ledger's transaction): answered if it read exactly what was
 * released the first time, else refused (retry-differs) and nothing leaves the service. One release
 * per request, and one request per approving token, so tokens kept from past requests approve no new
 * one ({@link GrantLedger}). Every refusal is recorded ({@link RefusalLog}) with its reason.
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
  private final FourEyes fourEyes;
  private final RefusalLog refusals;

  public IdentityRelease(GrantSignatures signatures, GrantDecoder decoder, GrantLedger ledger, PersonStore persons,
      PhoneBindingStore phones, Clock clock, FourEyes fourEyes, RefusalLog refusals) {
    this.signatures = Objects.requireNonNull(signatures, "signatures");
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.persons = Objects.requireNonNull(persons, "persons");
    this.phones = Objects.requireNonNull(phones, "phones");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fourEyes = Objects.requireNonNull(fourEyes, "fourEyes");
    this.refusals = Objects.requireNonNull(refusals, "refusals");
  }

  /**
   * @throws IdentityException GRANT_REFUSED naming the failed check ({@link GrantRefusal});
   *     STORE_UNAVAILABLE if the store cannot answer (the grant then stays unused)
   */
  public ReleasedIdentity release(SignedGrant signed) {
    UUID[] requestId = {null};
    try {
      return checkedRelease(signed, requestId);
    } catch (RefusedGrant refused) {
      refused(refused.refusal(), requestId[0]);
      throw refused.refusal().exception();
    }
  }

  private ReleasedIdentity checkedRelease(SignedGrant signed, UUID[] requestId) {
    switch (signatures.check(signed)) {
      case VALID -> { }
      case NO_TRUSTED_KEYS -> throw new RefusedGrant(GrantRefusal.NO_TRUSTED_KEYS);
      case UNKNOWN_KEY -> throw new RefusedGrant(GrantRefusal.UNKNOWN_KEY);
      case INVALID -> throw new RefusedGrant(GrantRefusal.SIGNATURE);
    }
    GrantClaims claims = decoder.decode(signed.grant()).orElseThrow(() -> new RefusedGrant(GrantRefusal.MALFORMED));
    // Signed by disclosure-service: its request id is worth recording with a refusal from here on.
    requestId[0] = uuidOrNull(claims.requestId());
    Instant now = clock.instant();
    if (!AUDIENCE.equals(claims.audience())) {
      throw new RefusedGrant(GrantRefusal.AUDIENCE);
    }
    if (!now.isBefore(claims.expiresAt().plus(CLOCK_SKEW))) {
      throw new RefusedGrant(GrantRefusal.EXPIRED);
    }
    if (claims.issuedAt().isAfter(now.plus(CLOCK_SKEW))) {
      throw new RefusedGrant(GrantRefusal.NOT_YET_VALID);
    }
    Duration lifetime = Duration.between(claims.issuedAt(), claims.expiresAt());
    if (!lifetime.isPositive() || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new RefusedGrant(GrantRefusal.LIFETIME);
    }
    if (claims.fields().isEmpty() || claims.fields().contains(GrantedField.UNRECOGNISED)) {
      throw new RefusedGrant(GrantRefusal.FIELDS);
    }
    Set<GrantedField> fields = EnumSet.copyOf(claims.fields());
    AccountRef account = account(claims);
    GrantUse use = new GrantUse(uuid(claims.grantId()), uuid(claims.requestId()), now, claims.expiresAt());
    ApprovalEvidence approval = fourEyes.check(claims, now);
    String scope = account.platformId() + "|" + account.accountId() + "|" + fields;
    return ledger.release(use, approval, scope, () -> read(account, fields));
  }

  private void refused(GrantRefusal refusal, UUID requestId) {
    refusals.record(refusal, requestId, clock.instant());
  }

  /** Reads, and so decrypts, only what the grant names. */
  private ReleasedIdentity read(AccountRef account, Set<GrantedField> fields) {
    Optional<PersonIdentity> person = fields.stream().anyMatch(PERSON_FIELDS::contains)
        ? persons.identity(account) : Optional.empty();
    // The number goes with where its proof comes from: an agency must see that an imported number
    // rests on the platform's word (and since when), not on an OTP through idnet.
    Optional<BoundPhone> phone = fields.contains(GrantedField.PHONE_NUMBER)
        ? phones.activeBinding(account) : Optional.empty();
    return new ReleasedIdentity(
        granted(fields, GrantedField.FULL_NAME, person.map(p -> p.fullName().value())),
        granted(fields, GrantedField.NATIONAL_ID, person.map(p -> p.citizenId().value())),
        granted(fields, GrantedField.DATE_OF_BIRTH, person.map(p -> p.dateOfBirth().toString())),
        phone.orElse(null));
  }

  private static String granted(Set<GrantedField> fields, GrantedField field, Optional<String> value) {
    return fields.contains(field) ? value.orElse(null) : null;
  }

  private static AccountRef account(GrantClaims claims) {
    try {
      return new AccountRef(claims.platformId(), claims.accountId());
    } catch (IdentityException malformed) {
      throw new RefusedGrant(GrantRefusal.ACCOUNT);
    }
  }

  private static UUID uuidOrNull(String value) {
    try {
      return uuid(value);
    } catch (RefusedGrant malformed) {
      return null;
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
    throw new RefusedGrant(GrantRefusal.IDS);
  }
}
