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
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package expiry job: packages go at packageExpiresAt, not before, once each even with two replicas. */
class PackageExpiryJobTest {

  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static List<String> disclosed(int count) {
    Agency agency = Agency.fresh();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = harness.requests(agency.officer1()).createDisclosureRequest(
          create(Catalogues.CPC_ART88, FULL_NAME).build()).getId();
      harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(id).build());
      ids.add(id);
    }
    return ids;
  }

  int packages(String id) {
    return harness.owner.queryForObject("SELECT count(*) FROM disclosure_packages WHERE request_id = ?::uuid",
        Integer.class, id);
  }

  @Test
  void sweepWhenTwoReplicasRunAtOnceThenEveryExpiredPackageIsDeletedAndAuditedOnce() throws Exception {
    List<String> ids = disclosed(20);
    harness.clock.advance(Duration.ofDays(7).minusSeconds(1));
    assertThat(harness.packageSweeper.sweep(5)).isZero();
    harness.clock.advance(Duration.ofSeconds(1));

    CountDownLatch go = new CountDownLatch(1);
    ExecutorService replicas = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(replicas.submit(() -> {
          go.await();
          return harness.packageSweeper.sweep(3);
        }));
      }
      go.countDown();
      assertThat(runs.get(0).get() + runs.get(1).get()).isEqualTo(ids.size());
    } finally {
      replicas.shutdownNow();
    }
    for (String id : ids) {
      assertThat(packages(id)).isZero();
      assertThat(harness.audited("PACKAGE_DELETED", id)).isEqualTo(1);
    }
  }
}
