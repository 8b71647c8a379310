package org.idnet.disclosure.events.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.idnet.caller.Caller;
import org.idnet.disclosure.api.ProtoTime;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.FakeIdentityService.Answer;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.requests.store.SpringTransactions;
import org.idnet.disclosure.support.DisclosureDatabase;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.CreateDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.idnet.disclosure.v1.ListAccountNoticesRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * notice.available enters the outbox exactly once per disclosure, on real PostgreSQL as the
 * service's role: in the release's own transaction when the notice is visible at once (so a release
 * that fails writes none), else by the notice job once the confidentiality date has passed, and
 * never a second time, however often or concurrently the job runs.
 */
class NoticeOutboxTest {

  static final Caller PLATFORM_A = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @AfterEach
  void restoreGrants() {
    harness.owner.execute("GRANT INSERT ON event_outbox TO " + DisclosureDatabase.APP_ROLE);
  }

  static String file(Agency agency, CreateDisclosureRequestRequest request) {
    return harness.requests(agency.officer1()).createDisclosureRequest(request).getId();
  }

  static DisclosureRequest approve(Agency agency, String id) {
    return harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(id).build());
  }

  static int events(String requestId) {
    return harness.owner.queryForObject("SELECT count(*) FROM event_outbox WHERE request_id = ?::uuid",
        Integer.class, requestId);
  }

  static Instant occurredAt(String requestId) {
    return harness.owner.queryForObject("SELECT occurred_at FROM event_outbox WHERE request_id = ?::uuid",
        OffsetDateTime.class, requestId).toInstant();
  }

  static Instant announcedAt(String requestId) {
    OffsetDateTime at = harness.owner.queryForObject(
        "SELECT notice_announced_at FROM disclosure_requests WHERE id = ?::uuid", OffsetDateTime.class, requestId);
    return at == null ? null : at.toInstant();
  }

  static String status(String id) {
    return harness.owner.queryForObject("SELECT status FROM disclosure_requests WHERE id = ?::uuid", String.class, id);
  }

  static int notices(String accountId) {
    return harness.notices(PLATFORM_A).listAccountNotices(ListAccountNoticesRequest.newBuilder()
        .setAccountId(accountId).build()).getNoticesCount();
  }

  @Test
  void releaseWhenNoConfidentialityDateThenExactlyOneEventWrittenWithTheRelease() {
    Agency agency = Agency.fresh();
    String id = file(agency, create(Catalogues.CPC_ART88, FULL_NAME).build());
    assertThat(events(id)).isZero();

    DisclosureRequest disclosed = approve(agency, id);

    assertThat(disclosed.getStatus()).isEqualTo(DisclosureStatus.DISCLOSED);
    assertThat(events(id)).isEqualTo(1);
    Instant disclosedAt = ProtoTime.parse("disclosedAt", disclosed.getDisclosedAt());
    assertThat(occurredAt(id)).isEqualTo(disclosedAt);
    assertThat(announcedAt(id)).isEqualTo(disclosedAt);
    harness.noticeJob.announceDue(10);
    assertThat(events(id)).isEqualTo(1);
  }

  @Test
  void releaseWhenTheOutboxRefusesTheEventThenNothingIsReleasedAndLaterReleasedWithOneEvent() {
    Agency agency = Agency.fresh();
    String id = file(agency, create(Catalogues.CPC_ART88, FULL_NAME).build());
    harness.owner.execute("REVOKE INSERT ON event_outbox FROM " + DisclosureDatabase.APP_ROLE);

    assertThat(approve(agency, id).getStatus()).isEqualTo(DisclosureStatus.APPROVED);

    // The event's failure rolled back the whole release: no package, no DISCLOSED, no audit entry.
    assertThat(status(id)).isEqualTo("APPROVED");
    assertThat(harness.owner.queryForObject("SELECT count(*) FROM disclosure_packages WHERE request_id = ?::uuid",
        Integer.class, id)).isZero();
    assertThat(harness.audited("REQUEST_DISCLOSED", id)).isZero();
    assertThat(events(id)).isZero();
    assertThat(announcedAt(id)).isNull();

    restoreGrants();
    harness.clock.advance(Duration.ofSeconds(1));
    harness.releases.retryDue(5);
    assertThat(status(id)).isEqualTo("DISCLOSED");
    assertThat(events(id)).isEqualTo(1);
  }

  @Test
  void releaseWhenIdentityUnavailableThenNoEventUntilReleased() {
    Agency agency = Agency.fresh();
    String id = file(agency, create(Catalogues.CPC_ART88, FULL_NAME).build());
    harness.identity.script(Answer.UNAVAILABLE);

    assertThat(approve(agency, id).getStatus()).isEqualTo(DisclosureStatus.APPROVED);
    assertThat(events(id)).isZero();
    harness.noticeJob.announceDue(10);
    assertThat(events(id)).isZero();

    harness.clock.advance(Duration.ofMinutes(10));
    harness.releases.retryDue(5);
    assertThat(status(id)).isEqualTo("DISCLOSED");
    assertThat(events(id)).isEqualTo(1);
  }

  @Test
  void confidentialityDateWhenLaterThenNoEventUntilItPassesThenTheJobWritesOneOnce() {
    Agency agency = Agency.fresh();
    Instant until = harness.clock.instant().plus(Duration.ofDays(30));
    CreateDisclosureRequestRequest request = create(Catalogues.CPC_ART88, FULL_NAME)
        .setConfidentialUntil(ProtoTime.of(until)).build();
    String id = file(agency, request);
    assertThat(approve(agency, id).getStatus()).isEqualTo(DisclosureStatus.DISCLOSED);
    assertThat(events(id)).isZero();

    harness.clock.advance(Duration.ofDays(30).minusSeconds(1));
    harness.noticeJob.announceDue(10);
    assertThat(events(id)).isZero();
    assertThat(notices(request.getTarget().getAccountId())).isZero();

    harness.clock.advance(Duration.ofSeconds(1));
    Instant jobRun = harness.clock.instant();
    assertThat(harness.noticeJob.announceDue(10)).isPositive();
    assertThat(events(id)).isEqualTo(1);
    assertThat(occurredAt(id)).isEqualTo(jobRun);
    assertThat(announcedAt(id)).isEqualTo(jobRun);
    assertThat(notices(request.getTarget().getAccountId())).isEqualTo(1);

    harness.clock.advance(Duration.ofMinutes(1));
    harness.noticeJob.announceDue(10);
    assertThat(events(id)).isEqualTo(1);
    // Nor does the release's path announce it again.
    assertThat(harness.outbox.announce(UUID.fromString(id), harness.clock.instant())).isFalse();
    assertThat(events(id)).isEqualTo(1);
  }

  @Test
  void confidentialityDateWhenPassedBeforeTheReleaseThenTheReleaseWritesTheEvent() {
    Agency agency = Agency.fresh();
    String id = file(agency, create(Catalogues.CPC_ART88, FULL_NAME)
        .setConfidentialUntil(ProtoTime.of(harness.clock.instant().plus(Duration.ofMinutes(5)))).build());
    harness.identity.script(Answer.UNAVAILABLE);
    assertThat(approve(agency, id).getStatus()).isEqualTo(DisclosureStatus.APPROVED);

    harness.clock.advance(Duration.ofMinutes(10));
    harness.releases.retryDue(5);

    assertThat(status(id)).isEqualTo("DISCLOSED");
    assertThat(events(id)).isEqualTo(1);
    assertThat(occurredAt(id)).isEqualTo(harness.owner.queryForObject(
        "SELECT disclosed_at FROM disclosure_requests WHERE id = ?::uuid", OffsetDateTime.class, id).toInstant());
  }

  @Test
  void jobWhenAnotherReplicaHoldsItsLockThenSkipsAndAnnouncesOnceReleased() throws Exception {
    Agency agency = Agency.fresh();
    String id = file(agency, create(Catalogues.CPC_ART88, FULL_NAME)
        .setConfidentialUntil(ProtoTime.of(harness.clock.instant().plus(Duration.ofHours(1)))).build());
    approve(agency, id);
    harness.clock.advance(Duration.ofHours(1));

    try (Connection other = harness.db.app().getConnection(); Statement s = other.createStatement()) {
      other.setAutoCommit(false);
      s.execute("SELECT pg_advisory_xact_lock(" + JdbcEventOutbox.NOTICE_JOB_LOCK + ")");
      assertThat(harness.noticeJob.announceDue(10)).isZero();
      assertThat(events(id)).isZero();
      other.rollback();
    }
    assertThat(harness.noticeJob.announceDue(10)).isPositive();
    assertThat(events(id)).isEqualTo(1);
  }

  @Test
  void announceWhenTwoTransactionsAnnounceTheSameRequestAtOnceThenTheSecondWaitsAndWritesNothing() throws Exception {
    Agency agency = Agency.fresh();
    String id = file(agency, create(Catalogues.CPC_ART88, FULL_NAME)
        .setConfidentialUntil(ProtoTime.of(harness.clock.instant().plus(Duration.ofHours(3)))).build());
    approve(agency, id);
    harness.clock.advance(Duration.ofHours(3));
    UUID request = UUID.fromString(id);

    ExecutorService second = Executors.newSingleThreadExecutor();
    try (Connection first = harness.db.app().getConnection()) {
      // The first writer (the job on another replica, say, without the advisory lock's help) has
      // announced the request and not committed yet.
      first.setAutoCommit(false);
      try (var announce = first.prepareStatement("""
          WITH announced AS (UPDATE disclosure_requests SET notice_announced_at = now()
            WHERE id = ? AND notice_announced_at IS NULL RETURNING id)
          INSERT INTO event_outbox (event_id, request_id, type, occurred_at)
          SELECT gen_random_uuid(), id, 'notice.available', now() FROM announced""")) {
        announce.setObject(1, request);
        assertThat(announce.executeUpdate()).isEqualTo(1);
      }
      Future<Boolean> racing = second.submit(() -> new SpringTransactions(
          new DataSourceTransactionManager(harness.db.app()))
          .inTransaction(() -> harness.outbox.announce(request, harness.clock.instant())));
      Thread.sleep(200);
      assertThat(racing).as("the second writer waits on the request's row lock").isNotDone();
      first.commit();
      assertThat(racing.get(1, TimeUnit.MINUTES)).isFalse();
    } finally {
      second.shutdownNow();
    }
    assertThat(events(id)).isEqualTo(1);
  }

  @Test
  void jobWhenRunByFourReplicasAtOnceThenEachRequestAnnouncedExactlyOnce() throws Exception {
    Agency agency = Agency.fresh();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String id = file(agency, create(Catalogues.CPC_ART88, FULL_NAME)
          .setConfidentialUntil(ProtoTime.of(harness.clock.instant().plus(Duration.ofHours(2)))).build());
      approve(agency, id);
      ids.add(id);
    }
    harness.clock.advance(Duration.ofHours(2));

    ExecutorService replicas = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 3; round++) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
          runs.add(replicas.submit(() -> {
            go.await();
            // Small batches, so the runs overlap over several transactions each.
            return harness.noticeJob.announceDue(2);
          }));
        }
        go.countDown();
        for (Future<Integer> run : runs) {
          run.get(1, TimeUnit.MINUTES);
        }
      }
    } finally {
      replicas.shutdownNow();
    }
    for (String id : ids) {
      assertThat(events(id)).as(id).isEqualTo(1);
    }
    assertThat(harness.owner.queryForObject("SELECT count(DISTINCT event_id) FROM event_outbox WHERE request_id IN ("
        + String.join(",", ids.stream().map(i -> "'" + i + "'::uuid").toList()) + ")", Integer.class))
        .isEqualTo(ids.size());
  }

  @Test
  void outboxRowWhenWrittenThenHoldsNoAccountIdAndTheAppRoleCannotChangeIt() {
    Agency agency = Agency.fresh();
    CreateDisclosureRequestRequest request = create(Catalogues.CPC_ART88, FULL_NAME).build();
    String id = file(agency, request);
    approve(agency, id);

    String row = harness.owner.queryForObject("SELECT row_to_json(o)::text FROM event_outbox o"
        + " WHERE request_id = ?::uuid", String.class, id);
    assertThat(row).doesNotContain(request.getTarget().getAccountId());
    Throwable update = catchThrowable(() -> new JdbcTemplate(harness.db.app())
        .update("UPDATE event_outbox SET occurred_at = now()"));
    assertThat(update).rootCause().hasMessageContaining("permission denied for table event_outbox");
  }
}
