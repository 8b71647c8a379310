package org.idnet.identity.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.identity.domain.AgeBand;
import org.idnet.identity.domain.AgeRule;
import org.idnet.identity.domain.ComingOfAgeStore;
import org.idnet.identity.domain.EventType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Announces minors who turned 16 ({@code coming_of_age_announced}, V10). The candidates are the
 * persons whose {@code turns_16_in} is this year or the last (the last for a birthday at the very
 * end of the year noticed after New Year; on the first run after deployment that also announces
 * last year's cohort once), not yet announced. Only the birth dates of this year's are decrypted,
 * as {@link AgeRule} does on the hot path: last year's are adults whatever the day.
 *
 * <p>One transaction under a transaction-level advisory lock: replicas firing together do not wait
 * for each other, one announces and the others skip; the lock and the rows end with the commit.
 */
public final class JdbcComingOfAge implements ComingOfAgeStore {

  /** Transaction-level advisory lock of the job. An arbitrary number, reserved for this lock. */
  static final long LOCK = 0x1d4e_7a0d_16a9_0001L;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final FieldCipher cipher;
  private final AgeRule ages;

  public JdbcComingOfAge(DataSource dataSource, PlatformTransactionManager transactionManager, FieldCipher cipher,
      AgeRule ages) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.cipher = cipher;
    this.ages = ages;
  }

  @Override
  public int announce(Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    int year = ages.today(now).getYear();
    return StoreErrors.translate(() -> transactions.execute(status -> {
      boolean ours = jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single();
      if (!ours) {
        return 0;
      }
      record Candidate(UUID person, int turns16In, byte[] birthDate) {
      }
      List<Candidate> candidates = jdbc.sql("""
              SELECT p.id, p.turns_16_in,
                     CASE WHEN p.turns_16_in = ? THEN p.birth_date_ciphertext END AS birth_date_ciphertext
              FROM persons p
              WHERE p.turns_16_in BETWEEN ? AND ?
                AND NOT EXISTS (SELECT 1 FROM coming_of_age_announced c WHERE c.person = p.id)
              ORDER BY p.id""")
          .param(year).param(year - 1).param(year)
          .query((rs, n) -> new Candidate(rs.getObject("id", UUID.class), rs.getInt("turns_16_in"),
              rs.getBytes("birth_date_ciphertext")))
          .list();
      int announced = 0;
      for (Candidate c : candidates) {
        AgeBand band = ages.standing(OptionalInt.of(c.turns16In()), () -> LocalDate.parse(cipher.decrypt(c.birthDate(),
            JdbcPersonStore.field(JdbcPersonStore.BIRTH_DATE, c.person()))), now).band();
        if (band != AgeBand.ADULT) {
          continue;
        }
        List<UUID> accounts = jdbc.sql("SELECT account FROM person_bindings WHERE person = ? AND ended_at IS NULL")
            .param(c.person()).query(UUID.class).list();
        for (UUID account : accounts) {
          OutboxRows.add(jdbc, account, EventType.VERIFICATION_CHANGED, at);
        }
        jdbc.sql("INSERT INTO coming_of_age_announced (person, year, announced_at) VALUES (?, ?, ?)")
            .param(c.person()).param(c.turns16In()).param(AccountRows.utc(at)).update();
        announced++;
      }
      return announced;
    }));
  }
}
