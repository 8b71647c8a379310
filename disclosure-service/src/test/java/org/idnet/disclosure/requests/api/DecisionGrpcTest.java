package org.idnet.disclosure.requests.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.disclosure.requests.Messages.refusal;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.PHONE_NUMBER;

import io.grpc.Status;
import java.time.Duration;
import java.util.UUID;
import org.idnet.caller.Caller;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.Messages.Refusal;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.CancelDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.idnet.disclosure.v1.RejectDisclosureRequestRequest;
import org.idnet.headers.ForwardedHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Four eyes and ownership, checked by the service itself: what a caller skipping the gateway gets. */
class DecisionGrpcTest {

  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static DisclosureRequest file(Caller officer) {
    return harness.requests(officer).createDisclosureRequest(
        create(Catalogues.CYBERSEC_ART26, FULL_NAME, PHONE_NUMBER).build());
  }

  static DisclosureRequest approve(Caller supervisor, String id) {
    return harness.approve(supervisor, ApproveDisclosureRequestRequest.newBuilder().setId(id).setNote("Lawful and proportionate.").build());
  }

  static DisclosureRequest reject(Caller supervisor, String id, String reason) {
    return harness.requests(supervisor).rejectDisclosureRequest(
        RejectDisclosureRequestRequest.newBuilder().setId(id).setReason(reason).build());
  }

  static DisclosureRequest cancel(Caller officer, String id) {
    return harness.requests(officer).cancelDisclosureRequest(
        CancelDisclosureRequestRequest.newBuilder().setId(id).build());
  }

  @Test
  void approveWhenSupervisorOfTheAgencyThenDisclosedAtOnceWithDecisionRecorded() {
    Agency agency = Agency.fresh();
    DisclosureRequest filed = file(agency.officer1());
    DisclosureRequest approved = approve(agency.supervisor1(), filed.getId());

    assertThat(approved.getStatus()).isEqualTo(DisclosureStatus.DISCLOSED);
    assertThat(approved.getDecidedBy()).isEqualTo(agency.supervisor1().subject());
    assertThat(approved.getDecisionNote()).isEqualTo("Lawful and proportionate.");
    assertThat(approved.hasDisclosedAt()).isTrue();
    assertThat(approved.getPackageExpiresAt().getSeconds() - approved.getDisclosedAt().getSeconds())
        .isEqualTo(Duration.ofDays(7).toSeconds());
    assertThat(harness.audited("REQUEST_APPROVED", filed.getId())).isEqualTo(1);
    assertThat(harness.audited("REQUEST_DISCLOSED", filed.getId())).isEqualTo(1);
  }

  @Test
  void approveOrRejectWhenRequesterDecidesOwnRequestThenPermissionDeniedAndStillAwaiting() {
    Agency agency = Agency.fresh();
    Caller chief = agency.officerAndSupervisor();
    DisclosureRequest filed = file(chief);
    for (Refusal refusal : new Refusal[] {refusal(() -> approve(chief, filed.getId())),
        refusal(() -> reject(chief, filed.getId(), "On second thought."))}) {
      assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(refusal.reason()).isEqualTo("forbidden");
    }
    assertThat(harness.requests(agency.officer1()).getDisclosureRequest(
        org.idnet.disclosure.v1.GetDisclosureRequestRequest.newBuilder().setId(filed.getId()).build()).getStatus())
        .isEqualTo(DisclosureStatus.AWAITING_APPROVAL);
    assertThat(harness.audited("REQUEST_APPROVED", filed.getId())).isZero();
    assertThat(harness.audited("REQUEST_REJECTED", filed.getId())).isZero();
  }

  /** Separation of duties: their filing tokens, kept as evidence, must never read as approvals. */
  @Test
  void approveWhenTheSupervisorAlsoFilesThenPermissionDeniedButRejectWorks() {
    Agency agency = Agency.fresh();
    DisclosureRequest filed = file(agency.officer1());
    Refusal refusal = refusal(() -> approve(agency.officerAndSupervisor(), filed.getId()));
    assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refusal.reason()).isEqualTo("forbidden");
    assertThat(refusal.description()).contains("agency-officer");
    assertThat(harness.audited("REQUEST_APPROVED", filed.getId())).isZero();

    DisclosureRequest rejected = reject(agency.officerAndSupervisor(), filed.getId(), "Not proportionate.");
    assertThat(rejected.getStatus()).isEqualTo(DisclosureStatus.REJECTED);
  }

  /**
   * Found in review: the check read the roles the gateway states, which need only be some of the
   * token's. A taken-over gateway leaving agency-officer out of its statement got the approval of
   * an official who also files past it (audited, and then refused by identity-service). The
   * official's own token decides.
   */
  @Test
  void approveWhenTheGatewayLeavesTheFilingRoleOutButTheTokenCarriesItThenPermissionDenied() {
    Agency agency = Agency.fresh();
    DisclosureRequest filed = file(agency.officer1());
    Caller chief = agency.officerAndSupervisor();
    Caller stated = new Caller(chief.subject(), chief.clientId(), chief.agencyId(), java.util.Set.of("agency-supervisor"));
    io.grpc.Metadata headers = new io.grpc.Metadata();
    headers.put(org.idnet.caller.evidence.EvidenceMetadata.EVIDENCE, harness.tokenFor(chief));
    headers.put(ForwardedHeader.IF_MATCH.metadataKey(), "\"" + filed.getDigest() + "\"");

    Refusal refusal = refusal(() -> harness.withoutEvidence(stated)
        .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
        .approveDisclosureRequest(ApproveDisclosureRequestRequest.newBuilder().setId(filed.getId()).build()));

    assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refusal.description()).contains("agency-officer");
    assertThat(harness.audited("REQUEST_APPROVED", filed.getId())).isZero();
  }

  @Test
  void approveOrRejectWhenSupervisorOfAnotherAgencyThenPermissionDeniedNotSameAgency() {
    DisclosureRequest filed = file(Agency.fresh().officer1());
    Caller foreign = Agency.fresh().supervisor1();
    for (Refusal refusal : new Refusal[] {refusal(() -> approve(foreign, filed.getId())),
        refusal(() -> reject(foreign, filed.getId(), "no"))}) {
      assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(refusal.reason()).isEqualTo("not-same-agency");
    }
  }

  @Test
  void approveWhenUnknownIdThenNotFound() {
    Refusal refusal = refusal(() -> approve(Agency.fresh().supervisor1(), UUID.randomUUID().toString()));
    assertThat(refusal.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(refusal.reason()).isEqualTo("not-found");
  }

  @Test
  void approveWhenNotAwaitingApprovalThenFailedPreconditionRequestNotAwaitingApproval() {
    Agency agency = Agency.fresh();
    DisclosureRequest rejected = file(agency.officer1());
    assertThat(reject(agency.supervisor1(), rejected.getId(), "Not proportionate to the case.").getStatus())
        .isEqualTo(DisclosureStatus.REJECTED);
    DisclosureRequest approved = file(agency.officer1());
    approve(agency.supervisor1(), approved.getId());
    for (String id : new String[] {rejected.getId(), approved.getId()}) {
      for (Refusal refusal : new Refusal[] {refusal(() -> approve(agency.supervisor2(), id)),
          refusal(() -> reject(agency.supervisor2(), id, "late")), refusal(() -> cancel(agency.officer1(), id))}) {
        assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(refusal.reason()).isEqualTo("request-not-awaiting-approval");
      }
    }
    assertThat(harness.audited("REQUEST_REJECTED", rejected.getId())).isEqualTo(1);
  }

  @Test
  void rejectWhenReasonMissingOrNoteTooLongThenInvalidArgument() {
    Agency agency = Agency.fresh();
    DisclosureRequest filed = file(agency.officer1());
    Refusal noReason = refusal(() -> reject(agency.supervisor1(), filed.getId(), ""));
    assertThat(noReason.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noReason.field()).isEqualTo("reason");
    Refusal longNote = refusal(() -> harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(filed.getId()).setNote("n".repeat(2001)).build()));
    assertThat(longNote.field()).isEqualTo("note");
  }

  @Test
  void cancelWhenRequesterThenCancelledAndWhenOtherOfficerThenForbiddenAndOtherAgencyNotFound() {
    Agency agency = Agency.fresh();
    DisclosureRequest filed = file(agency.officer1());
    Refusal colleague = refusal(() -> cancel(agency.officer2(), filed.getId()));
    assertThat(colleague.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(colleague.reason()).isEqualTo("forbidden");
    Refusal stranger = refusal(() -> cancel(Agency.fresh().officer1(), filed.getId()));
    assertThat(stranger.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(cancel(agency.officer1(), filed.getId()).getStatus()).isEqualTo(DisclosureStatus.CANCELLED);
    assertThat(harness.audited("REQUEST_CANCELLED", filed.getId())).isEqualTo(1);
  }

  @Test
  void approveWhenPastDueThenRefusedAndTheRequestExpiresAudited() {
    Agency agency = Agency.fresh();
    DisclosureRequest filed = harness.requests(agency.officer1()).createDisclosureRequest(
        create(Catalogues.CPC_ART88, FULL_NAME).setEmergency(true).build());
    harness.clock.advance(Duration.ofHours(1));

    Refusal refusal = refusal(() -> approve(agency.supervisor1(), filed.getId()));
    assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refusal.reason()).isEqualTo("request-not-awaiting-approval");
    assertThat(harness.requests(agency.supervisor1()).getDisclosureRequest(
        org.idnet.disclosure.v1.GetDisclosureRequestRequest.newBuilder().setId(filed.getId()).build()).getStatus())
        .isEqualTo(DisclosureStatus.EXPIRED);
    assertThat(harness.audited("REQUEST_EXPIRED", filed.getId())).isEqualTo(1);
    assertThat(harness.audited("REQUEST_APPROVED", filed.getId())).isZero();
  }

  @Test
  void approveWhenIdentityReportsNoDataThenNotFoundAtSourceWithoutPackage() {
    Agency agency = Agency.fresh();
    DisclosureRequest filed = file(agency.officer1());
    harness.identity.script(org.idnet.disclosure.requests.FakeIdentityService.Answer.NOT_FOUND);
    assertThat(approve(agency.supervisor1(), filed.getId()).getStatus())
        .isEqualTo(DisclosureStatus.NOT_FOUND_AT_SOURCE);
    assertThat(harness.audited("REQUEST_NOT_FOUND_AT_SOURCE", filed.getId())).isEqualTo(1);
    assertThat(harness.owner.queryForObject("SELECT count(*) FROM disclosure_packages WHERE request_id = ?::uuid",
        Integer.class, filed.getId())).isZero();
  }
}
