package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.idnet.identity.domain.GrantRefusal;
import org.idnet.identity.domain.GrantUse;
import org.idnet.identity.domain.RefusedGrant;
import org.idnet.identity.domain.ReleasedIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The release ledger: one use per grant and one release per request, recorded in the release's own
 * transaction; grant uses kept a day past expiry, releases for good.
 */
class JdbcGrantLedgerTest {

  static final Instant NOW = Instant.parse("2026-02-03T04:05:06.123456Z");
  static final ReleasedIdentity MAI = new ReleasedIdentity("Nguyễn Thị Mai", null, null, "+84912000123");
  static final String SCOPE = "platform-a|alice|[FULL_NAME, PHONE_NUMBER]";
  static StoreFixture fixture;
  static JdbcGrantLedger ledger;

  @BeforeAll
  static void start() {
    fixture = new StoreFixture("identity_grant_ledger");
    ledger = new JdbcGrantLedger(fixture.dataSource, new DataSourceTransactionManager(fixture.dataSource),
        fixture.blindIndex::of);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static GrantUse use(Instant expiresAt) {
    return new GrantUse(UUID.randomUUID(), UUID.randomUUID(), NOW, expiresAt);
  }

  static GrantUse retry(GrantUse first) {
    return new GrantUse(UUID.randomUUID(), first.requestId(), NOW.plusSeconds(60), NOW.plusSeconds(90));
  }

  int rows(UUID grant) {
    return fixture.count("SELECT count(*)::int FROM disclosure_grant_replay WHERE grant_id = ?", grant);
  }

  int releases(UUID request) {
    return fixture.count("SELECT count(*)::int FROM disclosure_releases WHERE request_id = ?", request);
  }

  @Test
  void firstUseRunsTheReleaseAndASecondUseOfTheGrantDoesNot() {
    GrantUse use = use(NOW.plusSeconds(30));

    assertThat(ledger.release(use, SCOPE, () -> MAI)).isEqualTo(MAI);
    assertThatThrownBy(() -> ledger.release(use, SCOPE, () -> {
      throw new AssertionError("a used grant must not release again");
    })).isInstanceOfSatisfying(RefusedGrant.class, e -> assertThat(e.refusal()).isEqualTo(GrantRefusal.REPLAYED));

    assertThat(fixture.jdbc.sql("""
            SELECT request_id = ? AND released_at = ? AND expires_at = ? FROM disclosure_grant_replay
            WHERE grant_id = ?""")
        .param(use.requestId()).param(AccountRows.utc(NOW)).param(AccountRows.utc(NOW.plusSeconds(30)))
        .param(use.grantId()).query(Boolean.class).single()).isTrue();
    assertThat(releases(use.requestId())).isEqualTo(1);
  }

  @Test
  void aRetryForTheRequestWithTheSameScopeAndValuesIsAnsweredWithoutASecondRelease() {
    GrantUse first = use(NOW.plusSeconds(30));
    ledger.release(first, SCOPE, () -> MAI);
    assertThat(ledger.release(retry(first), SCOPE, () -> MAI)).isEqualTo(MAI);
    assertThat(releases(first.requestId())).isEqualTo(1);
    // The ledger holds keyed hashes, not the values.
    assertThat(fixture.jdbc.sql("SELECT row_to_json(r)::text FROM disclosure_releases r").query(String.class).list()
        .toString()).doesNotContain("Mai").doesNotContain("912000123");
  }

  @Test
  void aRetryWithAnotherScopeOrOtherValuesIsRefused() {
    GrantUse first = use(NOW.plusSeconds(30));
    ledger.release(first, SCOPE, () -> MAI);
    assertThatThrownBy(() -> ledger.release(retry(first), "platform-a|alice|[FULL_NAME, NATIONAL_ID, PHONE_NUMBER]",
        () -> MAI)).isInstanceOfSatisfying(RefusedGrant.class,
            e -> assertThat(e.refusal()).isEqualTo(GrantRefusal.RETRY_DIFFERS));
    ReleasedIdentity rebound = new ReleasedIdentity(MAI.fullName(), null, null, "+84912000999");
    GrantUse second = retry(first);
    assertThatThrownBy(() -> ledger.release(second, SCOPE, () -> rebound)).isInstanceOf(RefusedGrant.class);
    assertThat(rows(second.grantId())).isZero();
    assertThat(releases(first.requestId())).isEqualTo(1);
  }

  @Test
  void twoFirstGrantsForOneRequestAtOnceMakeOneRelease() throws Exception {
    GrantUse a = use(NOW.plusSeconds(30));
    GrantUse b = retry(a);
    CountDownLatch inside = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<ReleasedIdentity> first = pool.submit(() -> ledger.release(a, SCOPE, () -> {
        inside.countDown();
        sleep(300);
        return MAI;
      }));
      inside.await(5, TimeUnit.SECONDS);
      Future<ReleasedIdentity> second = pool.submit(() -> ledger.release(b, SCOPE, () -> MAI));
      assertThat(List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS)))
          .containsExactly(MAI, MAI);
    } finally {
      pool.shutdownNow();
    }
    assertThat(releases(a.requestId())).isEqualTo(1);
  }

  @Test
  void theReleaseRunsInTheTransactionThatRecordsTheUseAndAFailureUndoesIt() {
    GrantUse kept = use(NOW.plusSeconds(30));
    GrantUse failed = use(NOW.plusSeconds(30));

    // Read through the service's data source inside the release: the uncommitted row is visible
    // only if the read joined the ledger's transaction, as the person and phone stores do.
    int[] seen = {-1};
    ledger.release(kept, SCOPE, () -> {
      seen[0] = rows(kept.grantId());
      return MAI;
    });
    assertThatThrownBy(() -> ledger.release(failed, SCOPE, () -> {
      throw new IllegalStateException("vault read failed");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(seen[0]).isEqualTo(1);
    assertThat(rows(failed.grantId())).isZero();
    assertThat(releases(failed.requestId())).isZero();
    assertThat(ledger.release(failed, SCOPE, () -> MAI)).isEqualTo(MAI);
  }

  @Test
  void grantUsesArePurgedADayAfterTheirGrantExpiredNotBeforeAndReleasesStay() {
    GrantUse old = new GrantUse(UUID.randomUUID(), UUID.randomUUID(), NOW.minus(Duration.ofDays(2)),
        NOW.minus(Duration.ofDays(2)).plusSeconds(30));
    GrantUse recent = new GrantUse(UUID.randomUUID(), UUID.randomUUID(), NOW.minus(Duration.ofHours(23)),
        NOW.minus(Duration.ofHours(23)).plusSeconds(30));
    ledger.release(old, SCOPE, () -> MAI);
    ledger.release(recent, SCOPE, () -> MAI);

    ledger.release(use(NOW.plusSeconds(30)), SCOPE, () -> MAI);

    assertThat(List.of(rows(old.grantId()), rows(recent.grantId()))).containsExactly(0, 1);
    assertThat(releases(old.requestId())).isEqualTo(1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
