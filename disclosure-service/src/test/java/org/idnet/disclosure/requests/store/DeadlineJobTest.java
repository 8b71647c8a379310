package org.idnet.disclosure.requests.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.RequestsHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deadline job on the real database: undecided requests expire once, even with two replicas at once. */
class DeadlineJobTest {

  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static List<String> file(Agency agency, int count, boolean emergency) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(harness.requests(agency.officer1()).createDisclosureRequest(
          create(Catalogues.CPC_ART88, FULL_NAME).setEmergency(emergency).build()).getId());
    }
    return ids;
  }

  int status(String id, String status) {
    return harness.owner.queryForObject("SELECT count(*) FROM disclosure_requests WHERE id = ?::uuid AND status = ?",
        Integer.class, id, status);
  }

  @Test
  void sweepWhenDueTimeReachedThenOnlyOverdueRequestsExpireAuditedBySystem() {
    Agency agency = Agency.fresh();
    List<String> emergency = file(agency, 2, true);
    List<String> standard = file(agency, 2, false);
    harness.clock.advance(Duration.ofMinutes(59));
    harness.deadlines.sweep(10);
    emergency.forEach(id -> assertThat(status(id, "AWAITING_APPROVAL")).isEqualTo(1));

    harness.clock.advance(Duration.ofMinutes(1));
    harness.deadlines.sweep(10);
    emergency.forEach(id -> assertThat(status(id, "EXPIRED")).isEqualTo(1));
    standard.forEach(id -> assertThat(status(id, "AWAITING_APPROVAL")).isEqualTo(1));
    assertThat(harness.owner.queryForList("SELECT DISTINCT actor FROM audit_entries WHERE type = 'REQUEST_EXPIRED'"
        + " AND request_id = ?::uuid", String.class, emergency.get(0))).containsExactly("system");
  }

  @Test
  void sweepWhenTwoReplicasRunAtOnceThenEachRequestExpiresExactlyOnce() throws Exception {
    Agency agency = Agency.fresh();
    List<String> ids = file(agency, 60, false);
    harness.clock.advance(Duration.ofHours(72));

    CountDownLatch go = new CountDownLatch(1);
    ExecutorService replicas = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(replicas.submit(() -> {
          go.await();
          return harness.deadlines.sweep(3);
        }));
      }
      go.countDown();
      int expired = runs.get(0).get() + runs.get(1).get();
      assertThat(expired).isGreaterThanOrEqualTo(ids.size());
    } finally {
      replicas.shutdownNow();
    }
    for (String id : ids) {
      assertThat(status(id, "EXPIRED")).as(id).isEqualTo(1);
      assertThat(harness.audited("REQUEST_EXPIRED", id)).as(id).isEqualTo(1);
    }
  }
}
