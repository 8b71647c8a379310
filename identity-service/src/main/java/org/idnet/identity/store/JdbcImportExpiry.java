package org.idnet.identity.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.EventType;
import org.idnet.identity.domain.ImportExpiry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends imported phone bindings {@code validFor} after the platform's verification
 * ({@code V11__account_imports.sql}): revoked at the instant they ran out, reason import-expired,
 * with account.verification_changed in the same transaction. The answers read such a binding as
 * ended from that instant on already ({@link JdbcAccountStandings}); the revocation makes it history
 * and announces it, once: a revoked binding is never taken again. Bindings are taken with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas share the work; an OTP bind that ends the binding
 * first (renewed, replaced) leaves nothing to expire.
 */
public final class JdbcImportExpiry implements ImportExpiry {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final AccountIds accountIds;
  private final Duration validFor;

  public JdbcImportExpiry(DataSource dataSource, PlatformTransactionManager transactionManager, FieldCipher cipher,
      BlindIndex blindIndex, Duration validFor) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.accountIds = new AccountIds(blindIndex, cipher);
    this.validFor = validFor;
  }

  @Override
  public List<AccountRef> expire(Instant now, int max) {
    Instant verifiedBefore = now.minus(validFor).truncatedTo(ChronoUnit.MICROS);
    return StoreErrors.translate(() -> transactions.execute(status -> {
      record Ended(UUID account, AccountRef ref, Instant at) {
      }
      List<Ended> ended = jdbc.sql("""
              UPDATE phone_bindings b SET revoked_at = b.platform_verified_at + make_interval(secs => ?),
                                          revoke_reason = 'import-expired'
              FROM accounts a
              WHERE a.id = b.account AND b.id IN (
                  SELECT id FROM phone_bindings
                  WHERE source = 'imported' AND revoked_at IS NULL AND platform_verified_at <= ?
                  ORDER BY platform_verified_at LIMIT ? FOR UPDATE SKIP LOCKED)
              RETURNING a.id, a.platform_id, a.account_id_ciphertext, b.revoked_at""")
          .param((double) validFor.toSeconds() + validFor.toNanosPart() / 1e9)
          .param(AccountRows.utc(verifiedBefore))
          .param(max)
          .query((rs, n) -> {
            UUID account = rs.getObject("id", UUID.class);
            return new Ended(account, accountIds.decrypt(rs.getString("platform_id"),
                rs.getBytes("account_id_ciphertext"), account), rs.getObject("revoked_at", OffsetDateTime.class)
                .toInstant());
          })
          .list();
      for (Ended e : ended) {
        OutboxRows.add(jdbc, e.account(), EventType.VERIFICATION_CHANGED, e.at());
      }
      return ended.stream().map(Ended::ref).toList();
    }));
  }
}
