package org.idnet.disclosure.requests.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.disclosure.requests.Messages.refusal;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;

import io.grpc.Status;
import java.time.Duration;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.FakeIdentityService.Answer;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.support.DisclosureDatabase;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crash case of quality.md with a real transaction abort: the service's role loses INSERT on
 * the audit table, so PostgreSQL refuses the append and aborts the transaction. The state change
 * it would have recorded must be gone with it: both or neither.
 */
class AuditAtomicityTest {

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
  void restoreAppend() {
    harness.owner.execute("GRANT INSERT ON audit_entries TO " + DisclosureDatabase.APP_ROLE);
  }

  static void breakAppend() {
    harness.owner.execute("REVOKE INSERT ON audit_entries FROM " + DisclosureDatabase.APP_ROLE);
  }

  String status(String id) {
    return harness.owner.queryForObject("SELECT status FROM disclosure_requests WHERE id = ?::uuid", String.class, id);
  }

  @Test
  void createWhenAuditAppendAbortsThenNoRequestIsStored() {
    Agency agency = Agency.fresh();
    breakAppend();
    var refusal = refusal(() -> harness.requests(agency.officer1(), "atomic-1")
        .createDisclosureRequest(create(Catalogues.CPC_ART88, FULL_NAME).build()));
    assertThat(refusal.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(harness.requestRows(agency.id())).isZero();
    assertThat(harness.owner.queryForObject("SELECT count(*) FROM idempotency_keys WHERE agency_id = ?",
        Integer.class, agency.id())).isZero();
  }

  @Test
  void approveWhenAuditAppendAbortsThenStillAwaitingApprovalAndNothingReleased() {
    Agency agency = Agency.fresh();
    String id = harness.requests(agency.officer1()).createDisclosureRequest(
        create(Catalogues.CPC_ART88, FULL_NAME).build()).getId();
    int grants = harness.identity.presentedGrants().size();
    breakAppend();
    assertThat(refusal(() -> harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(id).build())).code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    assertThat(harness.identity.presentedGrants()).hasSize(grants);
  }

  @Test
  void releaseWhenAuditAppendAbortsThenNoPackageAndStillApprovedThenReleasedOnceLater() {
    Agency agency = Agency.fresh();
    String id = harness.requests(agency.officer1()).createDisclosureRequest(
        create(Catalogues.CPC_ART88, FULL_NAME).build()).getId();
    harness.identity.script(Answer.UNAVAILABLE);
    assertThat(harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(id).build()).getStatus())
        .isEqualTo(DisclosureStatus.APPROVED);
    breakAppend();
    harness.clock.advance(Duration.ofSeconds(10));
    harness.releases.retryDue(5);
    assertThat(status(id)).isEqualTo("APPROVED");
    assertThat(harness.owner.queryForObject("SELECT count(*) FROM disclosure_packages WHERE request_id = ?::uuid",
        Integer.class, id)).isZero();

    restoreAppend();
    harness.clock.advance(Duration.ofMinutes(10));
    harness.releases.retryDue(5);
    assertThat(status(id)).isEqualTo("DISCLOSED");
    assertThat(harness.audited("REQUEST_DISCLOSED", id)).isEqualTo(1);
  }
}
