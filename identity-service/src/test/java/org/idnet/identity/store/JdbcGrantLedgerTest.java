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
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.idnet.identity.domain.ApprovalEvidence;
import org.idnet.identity.domain.BoundPhone;
import org.idnet.identity.domain.GrantRefusal;
import org.idnet.identity.domain.GrantUse;
import org.idnet.identity.domain.RefusedGrant;
import org.idnet.identity.domain.ReleasedIdentity;
import org.idnet.phone.PhoneNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The release ledger: one use per grant, one release per request and one request per approving
 * token, recorded in the release's own transaction; grant uses kept a day past expiry, releases and
 * spent tokens for good.
 */
class JdbcGrantLedgerTest {

  static final Instant NOW = Instant.parse("2026-02-03T04:05:06.123456Z");
  static final ReleasedIdentity MAI = new ReleasedIdentity("Nguyễn Thị Mai", null, null,
      BoundPhone.otp(new PhoneNumber("+84912000123")));
  static final Instant PLATFORM_VERIFIED = Instant.parse("2025-11-20T08:00:00.654321Z");
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

  /** A supervisor's token for the request: the same for a retry of the request, another for any other. */
  static ApprovalEvidence approval(UUID request) {
    return new ApprovalEvidence("eyJhbGciOiJSUzI1NiJ9.approval-of-" + request);
  }

  static ReleasedIdentity release(GrantUse use, String scope, Supplier<ReleasedIdentity> read) {
    return ledger.release(use, approval(use.requestId()), scope, read);
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

    assertThat(release(use, SCOPE, () -> MAI)).isEqualTo(MAI);
    assertThatThrownBy(() -> release(use, SCOPE, () -> {
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
    release(first, SCOPE, () -> MAI);
    assertThat(release(retry(first), SCOPE, () -> MAI)).isEqualTo(MAI);
    assertThat(releases(first.requestId())).isEqualTo(1);
    // The ledger holds keyed hashes, not the values.
    assertThat(fixture.jdbc.sql("SELECT row_to_json(r)::text FROM disclosure_releases r").query(String.class).list()
        .toString()).doesNotContain("Mai").doesNotContain("912000123");
  }

  @Test
  void aRetryWithAnotherScopeOrOtherValuesIsRefused() {
    GrantUse first = use(NOW.plusSeconds(30));
    release(first, SCOPE, () -> MAI);
    assertThatThrownBy(() -> release(retry(first), "platform-a|alice|[FULL_NAME, NATIONAL_ID, PHONE_NUMBER]",
        () -> MAI)).isInstanceOfSatisfying(RefusedGrant.class,
            e -> assertThat(e.refusal()).isEqualTo(GrantRefusal.RETRY_DIFFERS));
    ReleasedIdentity rebound = new ReleasedIdentity(MAI.fullName(), null, null,
        BoundPhone.otp(new PhoneNumber("+84912000999")));
    GrantUse second = retry(first);
    assertThatThrownBy(() -> release(second, SCOPE, () -> rebound)).isInstanceOf(RefusedGrant.class);
    assertThat(rows(second.grantId())).isZero();
    assertThat(releases(first.requestId())).isEqualTo(1);
  }

  static ReleasedIdentity maiImported(Instant platformVerifiedAt) {
    return new ReleasedIdentity(MAI.fullName(), null, null,
        BoundPhone.imported(new PhoneNumber(MAI.phoneNumber()), platformVerifiedAt));
  }

  /** The release row a build before the phone source label wrote: its answer hash over the four values alone. */
  static GrantUse releasedBeforeTheLabel() {
    GrantUse first = use(NOW.plusSeconds(30));
    fixture.owner.sql("""
            INSERT INTO disclosure_releases (request_id, grant_id, scope_hash, answer_hash, released_at)
            VALUES (?, ?, ?, ?, ?)""")
        .param(first.requestId()).param(first.grantId())
        .param(fixture.blindIndex.of("release-scope", SCOPE))
        // Written out as the form was, not computed by today's code: "Nguyễn Thị Mai" is 18 bytes of UTF-8.
        .param(fixture.blindIndex.of("release-answer", "18:Nguyễn Thị Mai|-|-|12:+84912000123|"))
        .param(AccountRows.utc(NOW)).update();
    return first;
  }

  @Test
  void anOtpNumbersFormIsTheFormBeforeTheLabelAndAnImportedOneAddsItsSourceAndDate() {
    assertThat(JdbcGrantLedger.canonical(MAI)).isEqualTo("18:Nguyễn Thị Mai|-|-|12:+84912000123|");
    assertThat(JdbcGrantLedger.canonical(maiImported(PLATFORM_VERIFIED)))
        .isEqualTo("18:Nguyễn Thị Mai|-|-|12:+84912000123|imported:2025-11-20T08:00:00.654321Z|");
    assertThat(JdbcGrantLedger.canonical(new ReleasedIdentity(MAI.fullName(), null, null))).isEqualTo("18:Nguyễn Thị Mai|-|-|-|");
  }

  @Test
  void aRetryOfAReleaseRecordedBeforeTheLabelIsAnsweredWhileTheNumberIsOtpProvenAndRefusedOnceImported() {
    GrantUse first = releasedBeforeTheLabel();

    // The number an OTP proved then, still OTP-proven: the same answer, now saying OTP.
    assertThat(release(retry(first), SCOPE, () -> MAI)).isEqualTo(MAI);
    // The same number, but now on the platform's word alone: not what was released, refused.
    GrantUse relabelled = retry(first);
    assertThatThrownBy(() -> release(relabelled, SCOPE, () -> maiImported(PLATFORM_VERIFIED)))
        .isInstanceOfSatisfying(RefusedGrant.class, e -> assertThat(e.refusal()).isEqualTo(GrantRefusal.RETRY_DIFFERS));
    assertThat(rows(relabelled.grantId())).isZero();
    assertThat(releases(first.requestId())).isEqualTo(1);
  }

  @Test
  void aRetryOfAnImportedNumberIsAnsweredOnlyWithTheSameSourceAndDate() {
    GrantUse first = use(NOW.plusSeconds(30));
    ReleasedIdentity imported = maiImported(PLATFORM_VERIFIED);
    assertThat(release(first, SCOPE, () -> imported)).isEqualTo(imported);

    assertThat(release(retry(first), SCOPE, () -> maiImported(PLATFORM_VERIFIED))).isEqualTo(imported);
    // The user completed an OTP since (same number), or another import dated it otherwise: refused.
    for (ReleasedIdentity other : List.of(MAI, maiImported(PLATFORM_VERIFIED.plusSeconds(1)))) {
      assertThatThrownBy(() -> release(retry(first), SCOPE, () -> other)).isInstanceOfSatisfying(RefusedGrant.class,
          e -> assertThat(e.refusal()).isEqualTo(GrantRefusal.RETRY_DIFFERS));
    }
    assertThat(releases(first.requestId())).isEqualTo(1);
  }

  @Test
  void twoFirstGrantsForOneRequestAtOnceMakeOneRelease() throws Exception {
    GrantUse a = use(NOW.plusSeconds(30));
    GrantUse b = retry(a);
    CountDownLatch inside = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<ReleasedIdentity> first = pool.submit(() -> release(a, SCOPE, () -> {
        inside.countDown();
        sleep(300);
        return MAI;
      }));
      inside.await(5, TimeUnit.SECONDS);
      Future<ReleasedIdentity> second = pool.submit(() -> release(b, SCOPE, () -> MAI));
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
    release(kept, SCOPE, () -> {
      seen[0] = rows(kept.grantId());
      return MAI;
    });
    assertThatThrownBy(() -> release(failed, SCOPE, () -> {
      throw new IllegalStateException("vault read failed");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(seen[0]).isEqualTo(1);
    assertThat(rows(failed.grantId())).isZero();
    assertThat(releases(failed.requestId())).isZero();
    assertThat(release(failed, SCOPE, () -> MAI)).isEqualTo(MAI);
  }

  @Test
  void grantUsesArePurgedADayAfterTheirGrantExpiredNotBeforeAndReleasesStay() {
    GrantUse old = new GrantUse(UUID.randomUUID(), UUID.randomUUID(), NOW.minus(Duration.ofDays(2)),
        NOW.minus(Duration.ofDays(2)).plusSeconds(30));
    GrantUse recent = new GrantUse(UUID.randomUUID(), UUID.randomUUID(), NOW.minus(Duration.ofHours(23)),
        NOW.minus(Duration.ofHours(23)).plusSeconds(30));
    release(old, SCOPE, () -> MAI);
    release(recent, SCOPE, () -> MAI);

    release(use(NOW.plusSeconds(30)), SCOPE, () -> MAI);

    assertThat(List.of(rows(old.grantId()), rows(recent.grantId()))).containsExactly(0, 1);
    assertThat(releases(old.requestId())).isEqualTo(1);
  }

  @Test
  void anApprovalSpentOnOneRequestReleasesNoOtherAndARetryOfItsOwnStillWorks() {
    GrantUse first = use(NOW.plusSeconds(30));
    ApprovalEvidence spent = approval(first.requestId());
    release(first, SCOPE, () -> MAI);
    GrantUse other = use(NOW.plusSeconds(30));

    assertThatThrownBy(() -> ledger.release(other, spent, SCOPE, () -> {
      throw new AssertionError("a spent approval must not release another request");
    })).isInstanceOfSatisfying(RefusedGrant.class,
        e -> assertThat(e.refusal()).isEqualTo(GrantRefusal.EVIDENCE_REUSED));
    assertThat(rows(other.grantId())).isZero();
    assertThat(releases(other.requestId())).isZero();
    assertThat(fixture.count("SELECT count(*)::int FROM approval_evidence_spent WHERE request_id = ?",
        other.requestId())).isZero();

    assertThat(ledger.release(retry(first), spent, SCOPE, () -> MAI)).isEqualTo(MAI);
    assertThat(fixture.count("SELECT count(*)::int FROM approval_evidence_spent WHERE request_id = ?",
        first.requestId())).isEqualTo(1);
  }

  @Test
  void aReleaseThatFailsSpendsNothing() {
    GrantUse failed = use(NOW.plusSeconds(30));
    assertThatThrownBy(() -> release(failed, SCOPE, () -> {
      throw new IllegalStateException("vault read failed");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(fixture.count("SELECT count(*)::int FROM approval_evidence_spent WHERE request_id = ?",
        failed.requestId())).isZero();
  }

  @Test
  void anApprovalSpentBeforeTheBlindIndexKeyRotatedIsStillSpent() {
    GrantUse first = use(NOW.plusSeconds(30));
    ApprovalEvidence spent = approval(first.requestId());
    release(first, SCOPE, () -> MAI);
    // After a rotation: new rows under the new key; look-ups under every key, the old one included.
    BiFunction<String, String, byte[]> newKey = (purpose, value) -> fixture.blindIndex.of(purpose, "new|" + value);
    JdbcGrantLedger rotated = new JdbcGrantLedger(fixture.dataSource,
        new DataSourceTransactionManager(fixture.dataSource), newKey,
        (purpose, value) -> List.of(newKey.apply(purpose, value), fixture.blindIndex.of(purpose, value)));
    assertThatThrownBy(() -> rotated.release(use(NOW.plusSeconds(30)), spent, SCOPE, () -> MAI))
        .isInstanceOfSatisfying(RefusedGrant.class,
            e -> assertThat(e.refusal()).isEqualTo(GrantRefusal.EVIDENCE_REUSED));
  }

  /**
   * Found in review: two replicas mid-rotation (different blind-index primaries) insert different
   * hashes of one token, neither sees the other's uncommitted row, and both released. Each release
   * here waits inside its transaction for the other to get as far: only a lock that makes the second
   * wait before it spends lets one of them through.
   */
  @Test
  void twoRequestsRacingForOneApprovalOnReplicasWithDifferentBlindIndexKeysReleaseOnce() throws Exception {
    BiFunction<String, String, byte[]> oldKey = fixture.blindIndex::of;
    BiFunction<String, String, byte[]> newKey = (purpose, value) -> fixture.blindIndex.of(purpose, "new|" + value);
    BiFunction<String, String, List<byte[]>> both = (purpose, value) ->
        List.of(newKey.apply(purpose, value), oldKey.apply(purpose, value));
    JdbcGrantLedger replicaA = new JdbcGrantLedger(fixture.dataSource,
        new DataSourceTransactionManager(fixture.dataSource), oldKey, both);
    JdbcGrantLedger replicaB = new JdbcGrantLedger(fixture.dataSource,
        new DataSourceTransactionManager(fixture.dataSource), newKey, both);
    ApprovalEvidence token = new ApprovalEvidence("eyJhbGciOiJSUzI1NiJ9.raced-" + UUID.randomUUID());
    java.util.concurrent.CyclicBarrier bothInside = new java.util.concurrent.CyclicBarrier(2);
    Supplier<ReleasedIdentity> read = () -> {
      try {
        bothInside.await(2, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.BrokenBarrierException e) {
        // The other release is held back (as it must be): go on alone.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return MAI;
    };
    GrantUse a = use(NOW.plusSeconds(30));
    GrantUse b = use(NOW.plusSeconds(30));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Object> outcomes = new java.util.ArrayList<>();
    try {
      Future<ReleasedIdentity> first = pool.submit(() -> replicaA.release(a, token, SCOPE, read));
      Future<ReleasedIdentity> second = pool.submit(() -> replicaB.release(b, token, SCOPE, read));
      for (Future<ReleasedIdentity> outcome : List.of(first, second)) {
        try {
          outcomes.add(outcome.get(20, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException e) {
          outcomes.add(e.getCause() instanceof RefusedGrant refused ? refused.refusal() : e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(outcomes).containsExactlyInAnyOrder(MAI, GrantRefusal.EVIDENCE_REUSED);
    assertThat(releases(a.requestId()) + releases(b.requestId())).isEqualTo(1);
  }

  @Test
  void spentApprovalsAreKeyedHashesAndCannotBeRewritten() {
    GrantUse use = use(NOW.plusSeconds(30));
    release(use, SCOPE, () -> MAI);
    assertThat(fixture.jdbc.sql("SELECT row_to_json(r)::text FROM approval_evidence_spent r").query(String.class)
        .list().toString()).doesNotContain("approval-of");
    // The service may not even try (ApplicationRolePrivilegesTest); the triggers stop the owner too.
    assertThatThrownBy(() -> fixture.owner.sql("UPDATE approval_evidence_spent SET request_id = gen_random_uuid()")
        .update()).hasMessageContaining("append-only");
    assertThatThrownBy(() -> fixture.owner.sql("DELETE FROM approval_evidence_spent").update())
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> fixture.owner.sql("TRUNCATE approval_evidence_spent").update())
        .hasMessageContaining("append-only");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
