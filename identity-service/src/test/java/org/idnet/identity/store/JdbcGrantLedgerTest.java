package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.idnet.identity.domain.GrantUse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The replay store: one use per grant, recorded in the release's own transaction, kept a day past expiry. */
class JdbcGrantLedgerTest {

  static final Instant NOW = Instant.parse("2026-02-03T04:05:06.123456Z");
  static StoreFixture fixture;
  static JdbcGrantLedger ledger;

  @BeforeAll
  static void start() {
    fixture = new StoreFixture("identity_grant_ledger");
    ledger = new JdbcGrantLedger(fixture.dataSource, new DataSourceTransactionManager(fixture.dataSource));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static GrantUse use(Instant expiresAt) {
    return new GrantUse(UUID.randomUUID(), UUID.randomUUID(), NOW, expiresAt);
  }

  int rows(UUID grant) {
    return fixture.count("SELECT count(*)::int FROM disclosure_grant_replay WHERE grant_id = ?", grant);
  }

  @Test
  void firstUseRunsTheReleaseAndASecondUseDoesNot() {
    GrantUse use = use(NOW.plusSeconds(30));

    Optional<String> first = ledger.firstUse(use, () -> "released");
    Optional<String> second = ledger.firstUse(use, () -> {
      throw new AssertionError("a used grant must not release again");
    });

    assertThat(first).contains("released");
    assertThat(second).isEmpty();
    assertThat(fixture.jdbc.sql("""
            SELECT request_id = ? AND released_at = ? AND expires_at = ? FROM disclosure_grant_replay
            WHERE grant_id = ?""")
        .param(use.requestId()).param(AccountRows.utc(NOW)).param(AccountRows.utc(NOW.plusSeconds(30)))
        .param(use.grantId()).query(Boolean.class).single()).isTrue();
  }

  @Test
  void theReleaseRunsInTheTransactionThatRecordsTheUseAndAFailureUndoesIt() {
    GrantUse kept = use(NOW.plusSeconds(30));
    GrantUse failed = use(NOW.plusSeconds(30));

    // Read through the service's data source inside the release: the uncommitted row is visible
    // only if the read joined the ledger's transaction, as the person and phone stores do.
    Optional<Integer> seen = ledger.firstUse(kept, () -> rows(kept.grantId()));
    assertThatThrownBy(() -> ledger.firstUse(failed, () -> {
      throw new IllegalStateException("vault read failed");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(seen).contains(1);
    assertThat(rows(failed.grantId())).isZero();
    assertThat(ledger.firstUse(failed, () -> "released on the retry")).isPresent();
  }

  @Test
  void rowsArePurgedADayAfterTheirGrantExpiredNotBefore() {
    GrantUse old = new GrantUse(UUID.randomUUID(), UUID.randomUUID(), NOW.minus(Duration.ofDays(2)),
        NOW.minus(Duration.ofDays(2)).plusSeconds(30));
    GrantUse recent = new GrantUse(UUID.randomUUID(), UUID.randomUUID(), NOW.minus(Duration.ofHours(23)),
        NOW.minus(Duration.ofHours(23)).plusSeconds(30));
    ledger.firstUse(old, () -> "old");
    ledger.firstUse(recent, () -> "recent");

    ledger.firstUse(use(NOW.plusSeconds(30)), () -> "now");

    assertThat(List.of(rows(old.grantId()), rows(recent.grantId()))).containsExactly(0, 1);
  }
}
