package org.idnet.identity.store;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.idnet.identity.domain.GrantLedger;
import org.idnet.identity.domain.GrantUse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The replay store of disclosure grants in PostgreSQL (schema: {@code V3__disclosure_grant_replay.sql}).
 * The use is inserted and the release's reads run in one transaction of the service's
 * {@link DataSource}: the stores that read join it, so the row commits only with a release that
 * succeeded, and a concurrent second use of the grant waits on the primary key, then is refused.
 */
public final class JdbcGrantLedger implements GrantLedger {

  /**
   * How long a row outlives its grant. Far beyond the clock skew identity-service allows after
   * expiry: once a row is gone, the expiry check alone refuses the grant.
   */
  static final Duration RETENTION = Duration.ofDays(1);

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  public JdbcGrantLedger(DataSource dataSource, PlatformTransactionManager transactionManager) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
  }

  @Override
  public <T> Optional<T> firstUse(GrantUse use, Supplier<T> release) {
    return StoreErrors.translate(() -> {
      purge(use);
      return transactions.execute(status -> {
        int recorded = jdbc.sql("""
                INSERT INTO disclosure_grant_replay (grant_id, request_id, released_at, expires_at)
                VALUES (?, ?, ?, ?) ON CONFLICT (grant_id) DO NOTHING""")
            .param(use.grantId())
            .param(use.requestId())
            .param(AccountRows.utc(use.releasedAt().truncatedTo(ChronoUnit.MICROS)))
            .param(AccountRows.utc(use.expiresAt().truncatedTo(ChronoUnit.MICROS)))
            .update();
        return recorded == 0 ? Optional.<T>empty() : Optional.of(release.get());
      });
    });
  }

  /**
   * Old rows go on each release rather than on a schedule: releases are rare, any replica may do
   * it, and the statement is cheap on the expiry index.
   */
  private void purge(GrantUse use) {
    jdbc.sql("DELETE FROM disclosure_grant_replay WHERE expires_at < ?")
        .param(AccountRows.utc(use.releasedAt().minus(RETENTION)))
        .update();
  }
}
