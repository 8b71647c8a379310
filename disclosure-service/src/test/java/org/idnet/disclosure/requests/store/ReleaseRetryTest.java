package org.idnet.disclosure.requests.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.PHONE_NUMBER;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.FakeIdentityService.Answer;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.GetDisclosureRequestRequest;
import org.idnet.disclosure.v1.GetTransparencyReportRequest;
import org.idnet.disclosure.v1.TransparencyCount;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * identity-service failing: the request stays APPROVED, is retried with new grants, and is released
 * once; or, refused for good or not released within the release horizon, it ends RELEASE_REFUSED
 * (audited, shown, never tried again).
 */
@ExtendWith(OutputCaptureExtension.class)
class ReleaseRetryTest {

  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static String approvedRequest(Agency agency, DisclosureStatus expected) {
    String id = harness.requests(agency.officer1()).createDisclosureRequest(
        create(Catalogues.CYBERSEC_ART26, FULL_NAME, PHONE_NUMBER).build()).getId();
    assertThat(harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(id).build()).getStatus()).isEqualTo(expected);
    return id;
  }

  int count(String sql, String id) {
    return harness.owner.queryForObject(sql, Integer.class, id);
  }

  void assertReleasedOnce(String id) {
    assertThat(count("SELECT count(*) FROM disclosure_requests WHERE id = ?::uuid AND status = 'DISCLOSED'", id))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM disclosure_packages WHERE request_id = ?::uuid", id)).isEqualTo(1);
    assertThat(harness.audited("REQUEST_DISCLOSED", id)).isEqualTo(1);
  }

  @Test
  void retryWhenIdentityWasUnavailableThenReleasedOnceWithANewGrantAfterTheBackoff() {
    harness.identity.script(Answer.UNAVAILABLE, Answer.UNAVAILABLE);
    String id = approvedRequest(Agency.fresh(), DisclosureStatus.APPROVED);
    int before = harness.identity.presentedGrants().size();

    assertThat(harness.releases.retryDue(10)).isZero();
    harness.clock.advance(Duration.ofSeconds(10));
    assertThat(harness.releases.retryDue(10)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM disclosure_requests WHERE id = ?::uuid AND status = 'APPROVED'", id))
        .isEqualTo(1);
    harness.clock.advance(Duration.ofSeconds(19));
    assertThat(harness.releases.retryDue(10)).isZero();
    harness.clock.advance(Duration.ofSeconds(1));
    assertThat(harness.releases.retryDue(10)).isEqualTo(1);

    assertReleasedOnce(id);
    List<String> grants = harness.identity.presentedGrants();
    assertThat(grants.size() - before).isEqualTo(2);
    assertThat(new HashSet<>(grants)).hasSameSizeAs(grants);
    assertThat(harness.releases.retryDue(10)).isZero();
  }

  @Test
  void retryWhenGrantRefusedThenErrorLoggedWithoutPersonalDataAndStillApproved(CapturedOutput output) {
    harness.identity.script(Answer.REFUSE);
    String id = approvedRequest(Agency.fresh(), DisclosureStatus.APPROVED);
    assertThat(output.getOut()).contains("refused the grant for request " + id)
        .doesNotContain(org.idnet.disclosure.requests.FakeIdentityService.PERSON.fullName());

    harness.clock.advance(Duration.ofSeconds(10));
    harness.releases.retryDue(10);
    assertReleasedOnce(id);
  }

  String status(String id) {
    return harness.owner.queryForObject("SELECT status FROM disclosure_requests WHERE id = ?::uuid", String.class, id);
  }

  int auditedAs(String actor, String id) {
    return harness.owner.queryForObject("SELECT count(*) FROM audit_entries WHERE type = 'REQUEST_RELEASE_REFUSED'"
        + " AND actor = ? AND request_id = ?::uuid", Integer.class, actor, id);
  }

  DisclosureRequest read(Agency agency, String id) {
    return harness.requests(agency.officer1()).getDisclosureRequest(
        GetDisclosureRequestRequest.newBuilder().setId(id).build());
  }

  /**
   * Found in review: a refusal no grant changes (here the approving token also carries the filing
   * role) was retried every few minutes for ever, each attempt a refusal row and an alert at
   * identity-service. It ends the request at the first attempt.
   */
  @Test
  void releaseWhenRefusedForGoodThenReleaseRefusedAfterOneAttemptAuditedAndNeverTriedAgain() {
    harness.identity.scriptRefusal("approver-files");
    Agency agency = Agency.fresh();
    int before = harness.identity.presentedGrants().size();
    String id = approvedRequest(agency, DisclosureStatus.RELEASE_REFUSED);

    DisclosureRequest refused = read(agency, id);
    assertThat(refused.getStatus()).isEqualTo(DisclosureStatus.RELEASE_REFUSED);
    assertThat(refused.getReleaseRefusal()).isEqualTo("approver-files");
    assertThat(auditedAs("system:approver-files", id)).isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      harness.clock.advance(Duration.ofMinutes(10));
      harness.releases.retryDue(10);
    }
    assertThat(harness.identity.presentedGrants().size() - before).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM disclosure_packages WHERE request_id = ?::uuid", id)).isZero();
    assertThat(harness.audited("REQUEST_DISCLOSED", id)).isZero();
    // The public report counts it as an outcome of its own.
    assertThat(harness.transparency().getTransparencyReport(GetTransparencyReportRequest.getDefaultInstance())
        .getCountsList()).filteredOn(c -> c.getAgencyId().equals(agency.id()))
        .extracting(TransparencyCount::getOutcome).containsExactly("RELEASE_REFUSED");
  }

  /**
   * Found in review: what an operator may fix (a key mix-up) or an outage is retried, but not for
   * ever: identity-service refuses every release later than the horizon after the approval, so the
   * request ends then, without another grant.
   */
  @Test
  void releaseWhenRetriedPastTheReleaseHorizonThenReleaseRefusedHorizonWithoutAnotherAttempt() {
    harness.identity.scriptRefusal("unknown-key");
    harness.identity.script(Answer.UNAVAILABLE);
    Agency agency = Agency.fresh();
    String id = approvedRequest(agency, DisclosureStatus.APPROVED);
    harness.clock.advance(Duration.ofSeconds(10));
    assertThat(harness.releases.retryDue(10)).isEqualTo(1);
    // Just within the horizon after the approval: still tried.
    harness.clock.advance(RequestsHarness.RELEASE_HORIZON.minus(Duration.ofMinutes(1)));
    harness.identity.script(Answer.UNAVAILABLE);
    int before = harness.identity.presentedGrants().size();
    assertThat(harness.releases.retryDue(10)).isEqualTo(1);
    assertThat(harness.identity.presentedGrants().size() - before).isEqualTo(1);
    assertThat(status(id)).isEqualTo("APPROVED");

    harness.clock.advance(Duration.ofMinutes(10));
    assertThat(harness.releases.retryDue(10)).isEqualTo(1);

    assertThat(harness.identity.presentedGrants().size() - before).isEqualTo(1);
    DisclosureRequest ended = read(agency, id);
    assertThat(ended.getStatus()).isEqualTo(DisclosureStatus.RELEASE_REFUSED);
    assertThat(ended.getReleaseRefusal()).isEqualTo("horizon");
    assertThat(auditedAs("system:horizon", id)).isEqualTo(1);
    harness.clock.advance(Duration.ofHours(1));
    assertThat(harness.releases.retryDue(10)).isZero();
  }

  @Test
  void retryWhenTwoReplicasRunAtOnceThenEveryRequestIsReleasedExactlyOnce() throws Exception {
    int requests = 20;
    harness.identity.script(java.util.Collections.nCopies(requests, Answer.UNAVAILABLE).toArray(Answer[]::new));
    Agency agency = Agency.fresh();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      ids.add(approvedRequest(agency, DisclosureStatus.APPROVED));
    }
    int before = harness.identity.presentedGrants().size();
    harness.clock.advance(Duration.ofMinutes(1));

    CountDownLatch go = new CountDownLatch(1);
    ExecutorService replicas = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(replicas.submit(() -> {
          go.await();
          return harness.releases.retryDue(100);
        }));
      }
      go.countDown();
      assertThat(runs.get(0).get() + runs.get(1).get()).isEqualTo(requests);
    } finally {
      replicas.shutdownNow();
    }
    ids.forEach(this::assertReleasedOnce);
    assertThat(harness.identity.presentedGrants().size() - before).isEqualTo(requests);
  }
}
