package org.idnet.identity.store;

import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.FailedConfirmations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The day's failed confirmations and attempts in flight per citizen id in PostgreSQL (schema:
 * {@code V6__real_name_failures_and_carrier_reports.sql}, {@code V9__real_name_attempts_in_flight.sql}), keyed by the citizen id's blind index,
 * never the id. PostgreSQL, not Redis: the count must hold for every replica and survive a Redis
 * outage, and registrations are few enough for a row write each.
 */
public final class JdbcFailedConfirmations implements FailedConfirmations {

  private static final Logger log = LoggerFactory.getLogger(JdbcFailedConfirmations.class);

  /**
   * How long a row may keep attempts in flight unchanged before they count as failures: twice the
   * longest a register call may take ({@link HttpPopulationRegister#MAX_CALL_TIME}, its body
   * included), so only a stopped process leaves them.
   */
  static final Duration STALE_AFTER = Duration.ofMinutes(1);

  private final JdbcClient jdbc;
  private final BlindIndex blindIndex;
  /** The day this instance last purged before; past days go at the first attempt of a new day. */
  private final AtomicReference<LocalDate> purgedBefore = new AtomicReference<>(LocalDate.MIN);

  public JdbcFailedConfirmations(DataSource dataSource, BlindIndex blindIndex) {
    this.jdbc = JdbcClient.create(dataSource);
    this.blindIndex = blindIndex;
  }

  /**
   * One statement counts and caps: on a conflict the row is locked and the WHERE sees the latest
   * counts, so parallel attempts on any replica never pass the limit together. {@code failures}
   * counts the attempts in flight too (as it did before V9, so a replica of an older release
   * reading only that column still holds the limit while both run) and {@code pending} says how
   * many of them are in flight. At the limit nothing is counted; then attempts left in flight by a
   * process that stopped (the row unchanged for {@link #STALE_AFTER}) become failures, and the
   * refusal is told apart: the day's failures, or attempts in flight.
   */
  @Override
  public Admission reserve(CitizenId citizenId, LocalDate day, int limit) {
    byte[] index = blindIndex.of(JdbcPersonStore.CITIZEN_ID, citizenId.value());
    return StoreErrors.translate(() -> {
      purgeBefore(day);
      boolean reserved = jdbc.sql("""
              INSERT INTO real_name_failures AS f (day, citizen_id_blind_index, failures, pending) VALUES (?, ?, 1, 1)
              ON CONFLICT (day, citizen_id_blind_index)
                DO UPDATE SET failures = f.failures + 1, pending = f.pending + 1, changed_at = now()
              WHERE f.failures < ?
              RETURNING failures""")
          .param(day).param(index).param(limit)
          .query(Integer.class).optional().isPresent();
      if (reserved) {
        return Admission.RESERVED;
      }
      // Already counted in failures: settling them stale only stops calling them "in flight".
      int stale = jdbc.sql("""
              UPDATE real_name_failures SET pending = 0, changed_at = now()
              WHERE day = ? AND citizen_id_blind_index = ? AND pending > 0
                AND changed_at < now() - make_interval(secs => ?)""")
          .param(day).param(index).param(STALE_AFTER.toSeconds()).update();
      if (stale > 0) {
        log.warn("real-name attempts left in flight by a stopped process now count as failures");
      }
      int failed = jdbc.sql("""
              SELECT failures - pending FROM real_name_failures WHERE day = ? AND citizen_id_blind_index = ?""")
          .param(day).param(index).query(Integer.class).optional().orElse(0);
      return failed >= limit ? Admission.DAY_SPENT : Admission.OTHERS_IN_FLIGHT;
    });
  }

  /**
   * Best effort, as {@link #giveBack}: if the store fails here the attempt stays in flight, and
   * counts as a failure once stale (it is counted in {@code failures} already).
   */
  @Override
  public void fail(CitizenId citizenId, LocalDate day) {
    settle(citizenId, day, "");
  }

  /**
   * Best effort: if the store fails here the attempt stays counted and, once stale, is a failure,
   * which errs on the safe side (one try fewer for that id today) and must not fail a
   * registration the register confirmed. An attempt already settled as stale is not given back.
   */
  @Override
  public void giveBack(CitizenId citizenId, LocalDate day) {
    settle(citizenId, day, "failures = failures - 1, ");
  }

  private void settle(CitizenId citizenId, LocalDate day, String giveBack) {
    byte[] index = blindIndex.of(JdbcPersonStore.CITIZEN_ID, citizenId.value());
    try {
      jdbc.sql("UPDATE real_name_failures SET " + giveBack + "pending = pending - 1, changed_at = now() "
              + "WHERE day = ? AND citizen_id_blind_index = ? AND pending > 0")
          .param(day).param(index).update();
    } catch (DataAccessException e) {
      log.warn("a real-name attempt stays in flight: the store could not settle it ({})",
          e.getClass().getSimpleName());
    }
  }

  private void purgeBefore(LocalDate day) {
    if (day.isAfter(purgedBefore.get())) {
      jdbc.sql("DELETE FROM real_name_failures WHERE day < ?").param(day).update();
      purgedBefore.accumulateAndGet(day, (a, b) -> a.isAfter(b) ? a : b);
    }
  }
}
