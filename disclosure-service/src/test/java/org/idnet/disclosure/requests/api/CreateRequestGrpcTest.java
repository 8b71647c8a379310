package org.idnet.disclosure.requests.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.disclosure.requests.Messages.refusal;
import static org.idnet.identity.v1.IdentityField.DATE_OF_BIRTH;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.IDENTITY_FIELD_UNSPECIFIED;
import static org.idnet.identity.v1.IdentityField.NATIONAL_ID;
import static org.idnet.identity.v1.IdentityField.PHONE_NUMBER;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import org.idnet.disclosure.api.ProtoTime;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.Messages.Refusal;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.idnet.disclosure.v1.ListLegalBasesRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Filing requests over gRPC: what is stored, what is refused and with which reason. */
class CreateRequestGrpcTest {

  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void createWhenValidThenAwaitingApprovalDueIn72HoursAndAudited() {
    Agency agency = Agency.fresh();
    Instant now = harness.clock.instant();
    DisclosureRequest created = harness.requests(agency.officer1())
        .createDisclosureRequest(create(Catalogues.DECREE147_ART27, FULL_NAME, PHONE_NUMBER).build());

    assertThat(created.getStatus()).isEqualTo(DisclosureStatus.AWAITING_APPROVAL);
    assertThat(created.getAgencyId()).isEqualTo(agency.id());
    assertThat(created.getRequestedBy()).isEqualTo(agency.officer1().subject());
    assertThat(created.getFieldsList()).containsExactly(FULL_NAME, PHONE_NUMBER);
    assertThat(created.getDueAt()).isEqualTo(ProtoTime.of(now.plus(Duration.ofHours(72))));
    assertThat(created.hasDecidedBy()).isFalse();
    assertThat(harness.requests(agency.officer1()).getDisclosureRequest(
        org.idnet.disclosure.v1.GetDisclosureRequestRequest.newBuilder().setId(created.getId()).build()))
        .isEqualTo(created);
    assertThat(harness.audited("REQUEST_CREATED", created.getId())).isEqualTo(1);
  }

  @Test
  void createWhenEmergencyUnderBasisAllowingItThenDueInOneHour() {
    Instant now = harness.clock.instant();
    DisclosureRequest created = harness.requests(Agency.fresh().officer1())
        .createDisclosureRequest(create(Catalogues.CPC_ART88, NATIONAL_ID).setEmergency(true).build());
    assertThat(created.getEmergency()).isTrue();
    assertThat(created.getDueAt()).isEqualTo(ProtoTime.of(now.plus(Duration.ofHours(1))));
  }

  @Test
  void createWhenFieldsBeyondBasisThenFailedPreconditionFieldsNotPermittedAndNothingStored() {
    Agency agency = Agency.fresh();
    Refusal refusal = refusal(() -> harness.requests(agency.officer1())
        .createDisclosureRequest(create(Catalogues.CYBERSEC_ART26, FULL_NAME, DATE_OF_BIRTH).build()));
    assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refusal.reason()).isEqualTo("fields-not-permitted");
    assertThat(refusal.field()).isEqualTo("fields");
    assertThat(harness.requestRows(agency.id())).isZero();
  }

  @Test
  void createWhenUnknownBasisOrEmergencyNotAllowedThenFailedPreconditionWithReason() {
    var officer = Agency.fresh().officer1();
    Refusal unknown = refusal(() -> harness.requests(officer)
        .createDisclosureRequest(create("VN-NO-SUCH-LAW", FULL_NAME).build()));
    assertThat(unknown.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(unknown.reason()).isEqualTo("unknown-legal-basis");
    Refusal emergency = refusal(() -> harness.requests(officer)
        .createDisclosureRequest(create(Catalogues.TAX_ART98, FULL_NAME).setEmergency(true).build()));
    assertThat(emergency.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(emergency.reason()).isEqualTo("emergency-not-permitted");
  }

  @Test
  void createWhenInputMalformedThenInvalidArgumentNamingTheJsonField() {
    var stub = harness.requests(Agency.fresh().officer1());
    var cases = new Object[][] {
        {create(Catalogues.CPC_ART88, FULL_NAME).setTarget(create("", FULL_NAME).getTarget().toBuilder()
            .setAccountId("bad id")), "target.accountId"},
        {create(Catalogues.CPC_ART88, FULL_NAME).clearCaseReference(), "caseReference"},
        {create(Catalogues.CPC_ART88, FULL_NAME).setJustification("x".repeat(2001)), "justification"},
        {create(Catalogues.CPC_ART88), "fields"},
        {create(Catalogues.CPC_ART88, FULL_NAME, FULL_NAME), "fields"},
        {create(Catalogues.CPC_ART88, IDENTITY_FIELD_UNSPECIFIED), "fields"},
        {create(Catalogues.CPC_ART88, FULL_NAME).setConfidentialUntil(
            ProtoTime.of(harness.clock.instant().minusSeconds(60))), "confidentialUntil"},
        {create(Catalogues.CPC_ART88, FULL_NAME).setConfidentialUntil(
            Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)), "confidentialUntil"},
    };
    for (Object[] c : cases) {
      var request = ((org.idnet.disclosure.v1.CreateDisclosureRequestRequest.Builder) c[0]).build();
      Refusal refusal = refusal(() -> stub.createDisclosureRequest(request));
      assertThat(refusal.code()).as(c[1].toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(refusal.reason()).isEqualTo("invalid-request");
      assertThat(refusal.field()).isEqualTo(c[1]);
    }
  }

  @Test
  void createWhenCallerIsSupervisorOrPlatformThenPermissionDenied() {
    Agency agency = Agency.fresh();
    var request = create(Catalogues.CPC_ART88, FULL_NAME).build();
    assertThat(refusal(() -> harness.requests(agency.supervisor1()).createDisclosureRequest(request)).code())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    var platform = new org.idnet.caller.Caller("platform-a", "platform-a", "", java.util.Set.of("platform"));
    assertThat(refusal(() -> harness.requests(platform).createDisclosureRequest(request)).code())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void createWhenOfficerHasNoAgencyThenForbidden() {
    var stray = new org.idnet.caller.Caller("stray", "stray", "", java.util.Set.of("agency-officer"));
    Refusal refusal = refusal(() -> harness.requests(stray)
        .createDisclosureRequest(create(Catalogues.CPC_ART88, FULL_NAME).build()));
    assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refusal.reason()).isEqualTo("forbidden");
  }

  @Test
  void listLegalBasesWhenOfficialThenTheConfiguredCatalogue() {
    var bases = harness.legalBases(Agency.fresh().supervisor1()).listLegalBases(
        ListLegalBasesRequest.getDefaultInstance()).getLegalBasesList();
    assertThat(bases).extracting(b -> b.getCode()).containsExactly(Catalogues.CPC_ART88,
        Catalogues.CYBERSEC_ART26, Catalogues.DECREE147_ART27, Catalogues.TAX_ART98);
    assertThat(bases.get(1).getAllowedFieldsList()).containsExactly(FULL_NAME, PHONE_NUMBER);
    assertThat(bases.get(0).getEmergencyAllowed()).isTrue();
    assertThat(bases.get(3).getEmergencyAllowed()).isFalse();
  }
}
