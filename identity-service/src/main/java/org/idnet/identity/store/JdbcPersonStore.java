package org.idnet.identity.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AgeBand;
import org.idnet.identity.domain.AgeRule;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.EventType;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.PersonIdentity;
import org.idnet.identity.domain.PersonLink;
import org.idnet.identity.domain.PersonName;
import org.idnet.identity.domain.PersonStore;
import org.idnet.identity.domain.RealNameOutcome;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Persons and person links in PostgreSQL (schema: {@code V2__persons_real_names_and_number_events.sql}).
 * A link runs in one transaction: the account row and the person row are locked, so the account
 * limit and the one-person-per-account rule hold under concurrency, and a refusal rolls back
 * everything, a newly created person included. A new link writes account.verification_changed to
 * the outbox in the same transaction (a refusal rolls it back with the rest).
 */
public final class JdbcPersonStore implements PersonStore {

  static final String CITIZEN_ID = "citizen-id";
  static final String TABLE = "persons";
  static final String CITIZEN_ID_COLUMN = "citizen_id_ciphertext";
  static final String FULL_NAME = "full_name_ciphertext";
  static final String BIRTH_DATE = "birth_date_ciphertext";
  /** Two first registrations of one person race on the unique blind index; the retry finds the winner's row. */
  private static final int ATTEMPTS = 3;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final FieldCipher cipher;
  private final BlindIndex blindIndex;
  private final SubjectIds subjectIds;
  private final AgeRule ages;
  private final AccountIds accountIds;

  public JdbcPersonStore(DataSource dataSource, PlatformTransactionManager transactionManager, FieldCipher cipher,
      BlindIndex blindIndex, SubjectIds subjectIds, AgeRule ages) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.cipher = cipher;
    this.blindIndex = blindIndex;
    this.subjectIds = subjectIds;
    this.ages = ages;
    this.accountIds = new AccountIds(blindIndex, cipher);
  }

  @Override
  public RealNameOutcome link(PersonLink link, Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    // Under every key of the keyset: a person indexed before a rotation is still found.
    List<byte[]> indexes = blindIndex.candidates(CITIZEN_ID, link.identity().citizenId().value());
    for (int attempt = 1; ; attempt++) {
      try {
        return StoreErrors.translate(() -> transactions.execute(status -> {
          RealNameOutcome outcome = linkOnce(link, indexes, at, now);
          if (!(outcome instanceof RealNameOutcome.Linked) && !(outcome instanceof RealNameOutcome.AlreadyLinked)) {
            status.setRollbackOnly();
          }
          return outcome;
        }));
      } catch (DuplicateKeyException e) {
        if (attempt == ATTEMPTS) {
          throw IdentityException.storeUnavailable(e);
        }
      }
    }
  }

  private RealNameOutcome linkOnce(PersonLink link, List<byte[]> indexes, Instant at, Instant now) {
    UUID account = AccountRows.lock(jdbc, accountIds, link.account(), at);
    Optional<UUID> known = jdbc.sql("""
            SELECT id FROM persons WHERE citizen_id_blind_index = ANY (?)
            ORDER BY created_at LIMIT 1 FOR UPDATE""")
        .param(indexes.toArray(byte[][]::new))
        .query(UUID.class).optional();
    Optional<UUID> linked = jdbc.sql("SELECT person FROM person_bindings WHERE account = ? AND ended_at IS NULL")
        .param(account)
        .query(UUID.class).optional();
    if (linked.isPresent()) {
      return linked.equals(known) ? new RealNameOutcome.AlreadyLinked() : new RealNameOutcome.OtherPersonLinked();
    }
    Optional<UUID> guardian = Optional.empty();
    if (link.guardian().isPresent()) {
      guardian = validGuardian(link.guardian().get(), account, known, now);
      if (guardian.isEmpty()) {
        return new RealNameOutcome.GuardianNotValid();
      }
    }
    UUID person = known.orElseGet(() -> insertPerson(link, indexes.getFirst(), at));
    int held = jdbc.sql("SELECT count(*)::int FROM person_bindings WHERE person = ? AND platform_id = ? AND ended_at IS NULL")
        .param(person)
        .param(link.account().platformId())
        .query(Integer.class).single();
    if (held >= link.maxAccounts()) {
      return new RealNameOutcome.LimitReached();
    }
    jdbc.sql("""
            INSERT INTO pairwise_subjects (person, platform_id, subject_id) VALUES (?, ?, ?)
            ON CONFLICT (person, platform_id) DO NOTHING""")
        .param(person)
        .param(link.account().platformId())
        .param(subjectIds.of(link.account().platformId(), person))
        .update();
    jdbc.sql("""
            INSERT INTO person_bindings (id, account, person, platform_id, guardian_account, bound_at)
            VALUES (?, ?, ?, ?, ?, ?)""")
        .param(UUID.randomUUID())
        .param(account)
        .param(person)
        .param(link.account().platformId())
        .param(guardian.orElse(null))
        .param(AccountRows.utc(at))
        .update();
    OutboxRows.add(jdbc, account, EventType.VERIFICATION_CHANGED, at);
    return new RealNameOutcome.Linked();
  }

  /**
   * The guardian's account row if it is another account of the platform, linked to another person
   * who is an adult today. Its link is locked for share, so a concurrent close of the guardian waits
   * for this transaction.
   */
  private Optional<UUID> validGuardian(AccountRef guardian, UUID account, Optional<UUID> person, Instant now) {
    record Guardian(UUID account, UUID person, Integer turns16In, byte[] birthDate) {
    }
    Optional<Guardian> found = jdbc.sql("""
            SELECT ga.id AS account, gp.id AS person, gp.turns_16_in, gp.birth_date_ciphertext
            FROM accounts ga
            JOIN person_bindings gb ON gb.account = ga.id AND gb.ended_at IS NULL
            JOIN persons gp ON gp.id = gb.person
            WHERE ga.platform_id = ? AND ga.account_blind_index = ANY (?)
            FOR SHARE OF gb""")
        .param(guardian.platformId())
        .param(accountIds.candidates(guardian))
        .query((rs, n) -> new Guardian(rs.getObject("account", UUID.class), rs.getObject("person", UUID.class),
            (Integer) rs.getObject("turns_16_in"), rs.getBytes("birth_date_ciphertext")))
        .optional();
    if (found.isEmpty() || found.get().account().equals(account) || person.equals(Optional.of(found.get().person()))) {
      return Optional.empty();
    }
    Guardian g = found.get();
    OptionalInt turns16In = g.turns16In() == null ? OptionalInt.empty() : OptionalInt.of(g.turns16In());
    boolean adult = ages.standing(turns16In,
        () -> LocalDate.parse(cipher.decrypt(g.birthDate(), field(BIRTH_DATE, g.person()))), now).band() == AgeBand.ADULT;
    return adult ? Optional.of(g.account()) : Optional.empty();
  }

  private UUID insertPerson(PersonLink link, byte[] index, Instant at) {
    UUID id = UUID.randomUUID();
    PersonIdentity identity = link.identity();
    jdbc.sql("""
            INSERT INTO persons (id, citizen_id_blind_index, citizen_id_ciphertext, full_name_ciphertext,
                                 birth_date_ciphertext, turns_16_in, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)""")
        .param(id)
        .param(index)
        .param(cipher.encrypt(identity.citizenId().value(), field(CITIZEN_ID_COLUMN, id)))
        .param(cipher.encrypt(identity.fullName().value(), field(FULL_NAME, id)))
        .param(cipher.encrypt(identity.dateOfBirth().toString(), field(BIRTH_DATE, id)))
        .param(link.turns16In().isPresent() ? link.turns16In().getAsInt() : null)
        .param(AccountRows.utc(at))
        .update();
    return id;
  }

  @Override
  public Optional<PersonIdentity> identity(AccountRef account) {
    return StoreErrors.translate(() -> jdbc.sql("""
            SELECT p.id, p.citizen_id_ciphertext, p.full_name_ciphertext, p.birth_date_ciphertext
            FROM accounts a
            JOIN person_bindings pb ON pb.account = a.id
            JOIN persons p ON p.id = pb.person
            WHERE a.platform_id = ? AND a.account_blind_index = ANY (?)
            ORDER BY pb.ended_at IS NULL DESC, pb.bound_at DESC LIMIT 1""")
        .param(account.platformId())
        .param(accountIds.candidates(account))
        .query((rs, n) -> {
          UUID id = rs.getObject("id", UUID.class);
          return new PersonIdentity(
              CitizenId.parse(cipher.decrypt(rs.getBytes(CITIZEN_ID_COLUMN), field(CITIZEN_ID_COLUMN, id))),
              new PersonName(cipher.decrypt(rs.getBytes(FULL_NAME), field(FULL_NAME, id))),
              LocalDate.parse(cipher.decrypt(rs.getBytes(BIRTH_DATE), field(BIRTH_DATE, id))));
        }).optional());
  }

  static FieldRef field(String column, UUID person) {
    return new FieldRef(TABLE, column, person);
  }
}
