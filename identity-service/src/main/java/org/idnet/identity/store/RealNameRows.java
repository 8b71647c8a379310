package org.idnet.identity.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AgeRule;
import org.idnet.identity.domain.PersonIdentity;

/**
 * The rows of one phone-bound, real-name account, computed exactly as the stores write them when
 * the API registers it ({@link AccountRows#lock}, {@link JdbcPersonStore}'s link,
 * {@link JdbcPhoneBindingStore}'s bind): the same blind indexes ({@link AccountIds},
 * {@code citizen-id}, {@code phone}), the same AEAD ciphertexts bound to the same table, column and
 * row, the same pairwise subject id. For bulk loading (the P5 benchmark's loader writes them with
 * PostgreSQL's COPY): the values are made here, by the vault's own classes, and never re-implemented.
 *
 * <p>Only constants of the stores are used (compile-time constants, inlined), so the class needs
 * Tink and the keysets but neither Spring nor a driver: the benchmarks load it without the service's
 * dependencies.
 *
 * <p>Adults only: a minor's link needs a guardian account, which a bulk load has no business
 * inventing. Nothing here touches a database. No service code may use it ({@code ArchitectureTest}): it
 * skips the population register's check and the OTP proof, so it is for the bulk loader alone.
 */
public final class RealNameRows {

  /** Column lists in the order of each row's {@code values()}. */
  public static final String ACCOUNTS = "accounts (id, platform_id, account_blind_index, account_id_ciphertext, created_at)";
  public static final String PERSONS = "persons (id, citizen_id_blind_index, citizen_id_ciphertext, full_name_ciphertext, "
      + "birth_date_ciphertext, turns_16_in, created_at)";
  public static final String PAIRWISE_SUBJECTS = "pairwise_subjects (person, platform_id, subject_id)";
  public static final String PERSON_BINDINGS = "person_bindings (id, account, person, platform_id, guardian_account, bound_at)";
  public static final String PHONE_BINDINGS = "phone_bindings (id, account, phone_blind_index, phone_ciphertext, "
      + "verification_id, bound_at)";

  /**
   * One account as the API would have registered it: its real name linked at {@code at} and its
   * phone bound at the same instant (already E.164, as {@code BindPhone} stores it).
   */
  public record Registration(AccountRef account, PersonIdentity identity, String phoneE164, String verificationId,
      Instant at) {

    public Registration {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(phoneE164, "phoneE164");
      Objects.requireNonNull(verificationId, "verificationId");
      at = at.truncatedTo(ChronoUnit.MICROS);
    }
  }

  /** The row ids the stores would draw with {@code UUID.randomUUID()}; a loader supplies its own. */
  public record RowIds(UUID account, UUID person, UUID personBinding, UUID phoneBinding) {
  }

  /** Every column value, per table in the order of the column lists above; null is SQL NULL. */
  public record Rows(Object[] account, Object[] person, Object[] pairwiseSubject, Object[] personBinding,
      Object[] phoneBinding) {
  }

  private final AccountIds accountIds;
  private final FieldCipher cipher;
  private final BlindIndex blindIndex;
  private final SubjectIds subjectIds;
  private final AgeRule ages;

  public RealNameRows(FieldCipher cipher, BlindIndex blindIndex, SubjectIds subjectIds, AgeRule ages) {
    this.accountIds = new AccountIds(blindIndex, cipher);
    this.cipher = cipher;
    this.blindIndex = blindIndex;
    this.subjectIds = subjectIds;
    this.ages = ages;
  }

  /** The rows of {@code registration}; byte arrays for bytea, {@link OffsetDateTime} (UTC) for timestamptz. */
  public Rows rows(Registration registration, RowIds ids) {
    PersonIdentity identity = registration.identity();
    LocalDate today = ages.today(registration.at());
    if (ages.turns16In(identity.dateOfBirth(), today).isPresent()) {
      throw new IllegalArgumentException("a minor's registration needs a guardian; bulk rows are for adults only");
    }
    String platformId = registration.account().platformId();
    // As AccountRows.utc; not called, so that loading this class needs no Spring JDBC (the loader's class path).
    OffsetDateTime at = OffsetDateTime.ofInstant(registration.at(), ZoneOffset.UTC);
    Object[] account = {ids.account(), platformId,
        accountIds.index(platformId, registration.account().accountId()),
        accountIds.encrypt(registration.account().accountId(), ids.account()), at};
    Object[] person = {ids.person(),
        blindIndex.of(JdbcPersonStore.CITIZEN_ID, identity.citizenId().value()),
        cipher.encrypt(identity.citizenId().value(), new FieldRef(JdbcPersonStore.TABLE, JdbcPersonStore.CITIZEN_ID_COLUMN, ids.person())),
        cipher.encrypt(identity.fullName().value(), new FieldRef(JdbcPersonStore.TABLE, JdbcPersonStore.FULL_NAME, ids.person())),
        cipher.encrypt(identity.dateOfBirth().toString(), new FieldRef(JdbcPersonStore.TABLE, JdbcPersonStore.BIRTH_DATE, ids.person())),
        null, at};
    Object[] subject = {ids.person(), platformId, subjectIds.of(platformId, ids.person())};
    Object[] link = {ids.personBinding(), ids.account(), ids.person(), platformId, null, at};
    Object[] phone = {ids.phoneBinding(), ids.account(),
        blindIndex.of(JdbcPhoneBindingStore.PHONE, registration.phoneE164()),
        cipher.encrypt(registration.phoneE164(), new FieldRef(JdbcPhoneBindingStore.TABLE, JdbcPhoneBindingStore.CIPHERTEXT_COLUMN, ids.phoneBinding())),
        registration.verificationId(), at};
    return new Rows(account, person, subject, link, phone);
  }
}
