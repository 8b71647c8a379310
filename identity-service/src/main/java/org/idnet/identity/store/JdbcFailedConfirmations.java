package org.idnet.identity.store;

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
 * The day's failed confirmations per citizen id in PostgreSQL (schema:
 * {@code V6__real_name_failures_and_carrier_reports.sql}), keyed by the citizen id's blind index,
 * never the id. PostgreSQL, not Redis: the count must hold for every replica and survive a Redis
 * outage, and registrations are few enough for a row write each.
 */
public final class JdbcFailedConfirmations implements FailedConfirmations {

  private static final Logger log = LoggerFactory.getLogger(JdbcFailedConfirmations.class);

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
   * count, so parallel attempts on any replica never pass the limit together. At the limit the
   * update does nothing and no row comes back.
   */
  @Override
  public boolean reserve(CitizenId citizenId, LocalDate day, int limit) {
    byte[] index = blindIndex.of(JdbcPersonStore.CITIZEN_ID, citizenId.value());
    return StoreErrors.translate(() -> {
      purgeBefore(day);
      return jdbc.sql("""
              INSERT INTO real_name_failures AS f (day, citizen_id_blind_index, failures) VALUES (?, ?, 1)
              ON CONFLICT (day, citizen_id_blind_index) DO UPDATE SET failures = f.failures + 1
              WHERE f.failures < ?
              RETURNING failures""")
          .param(day).param(index).param(limit)
          .query(Integer.class).optional().isPresent();
    });
  }

  /**
   * Best effort: if the store fails here the attempt stays counted, which errs on the safe side
   * (one try fewer for that id today) and must not fail a registration the register confirmed.
   */
  @Override
  public void giveBack(CitizenId citizenId, LocalDate day) {
    byte[] index = blindIndex.of(JdbcPersonStore.CITIZEN_ID, citizenId.value());
    try {
      jdbc.sql("""
              UPDATE real_name_failures SET failures = failures - 1
              WHERE day = ? AND citizen_id_blind_index = ? AND failures > 0""")
          .param(day).param(index).update();
    } catch (DataAccessException e) {
      log.warn("a real-name attempt stays counted: the store could not take it back ({})",
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
