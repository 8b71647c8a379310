package org.idnet.disclosure.requests.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.disclosure.requests.Messages.refusal;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.NATIONAL_ID;

import io.grpc.Status;
import java.time.Duration;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.Messages.Refusal;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.idnet.disclosure.v1.GetDisclosurePackageRequest;
import org.idnet.disclosure.v1.GetDisclosureRequestRequest;
import org.idnet.disclosure.v1.RejectDisclosureRequestRequest;
import org.junit.jupiter.api.Test;

/**
 * The legal-basis catalogue changes (a restart with new configuration) while requests wait:
 * approval and release judge a request by the catalogue as it is then, never by the one it was
 * filed under, so nothing is released that the law as configured no longer allows.
 */
class LegalBasisChangeGrpcTest {

  static DisclosureRequest approve(RequestsHarness harness, Agency agency, String id) {
    return harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(id).build());
  }

  static DisclosureStatus status(RequestsHarness harness, Agency agency, String id) {
    return harness.requests(agency.officer1()).getDisclosureRequest(
        GetDisclosureRequestRequest.newBuilder().setId(id).build()).getStatus();
  }

  @Test
  void approveWhenTheBasisNoLongerAllowsTheFieldsOrIsWithdrawnThenRefusedAndTheRequestStillAwaits() {
    try (RequestsHarness harness = RequestsHarness.start(Catalogues.SANDBOX, Catalogues.NARROWED,
        Catalogues.NARROWED)) {
      Agency agency = Agency.fresh();
      String narrowed = harness.requests(agency.officer1())
          .createDisclosureRequest(create(Catalogues.CPC_ART88, FULL_NAME, NATIONAL_ID).build()).getId();
      String withdrawn = harness.requests(agency.officer1())
          .createDisclosureRequest(create(Catalogues.TAX_ART98, FULL_NAME).build()).getId();
      String stillFits = harness.requests(agency.officer1())
          .createDisclosureRequest(create(Catalogues.CPC_ART88, FULL_NAME).build()).getId();

      Refusal fields = refusal(() -> approve(harness, agency, narrowed));
      assertThat(fields.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(fields.reason()).isEqualTo("fields-not-permitted");
      assertThat(refusal(() -> approve(harness, agency, withdrawn)).reason()).isEqualTo("unknown-legal-basis");
      for (String id : new String[] {narrowed, withdrawn}) {
        assertThat(status(harness, agency, id)).isEqualTo(DisclosureStatus.AWAITING_APPROVAL);
        assertThat(harness.audited("REQUEST_APPROVED", id)).isZero();
      }
      assertThat(harness.identity.presentedGrants()).isEmpty();

      // The supervisor can still close it, and a request the new catalogue allows goes through.
      assertThat(harness.requests(agency.supervisor1()).rejectDisclosureRequest(RejectDisclosureRequestRequest
          .newBuilder().setId(narrowed).setReason("The basis no longer covers the national id.").build())
          .getStatus()).isEqualTo(DisclosureStatus.REJECTED);
      // Decided already: 409 as for any request no longer awaiting approval, whatever its basis.
      assertThat(refusal(() -> approve(harness, agency, narrowed)).reason()).isEqualTo("request-not-awaiting-approval");
      assertThat(approve(harness, agency, stillFits).getStatus()).isEqualTo(DisclosureStatus.DISCLOSED);
    }
  }

  @Test
  void releaseWhenTheBasisWasNarrowedAfterApprovalThenNoGrantIsIssuedAndTheRequestStaysApproved() {
    try (RequestsHarness harness = RequestsHarness.start(Catalogues.SANDBOX, Catalogues.SANDBOX,
        Catalogues.NARROWED)) {
      Agency agency = Agency.fresh();
      String id = harness.requests(agency.officer1())
          .createDisclosureRequest(create(Catalogues.CPC_ART88, FULL_NAME, NATIONAL_ID).build()).getId();

      assertThat(approve(harness, agency, id).getStatus()).isEqualTo(DisclosureStatus.APPROVED);
      harness.clock.advance(Duration.ofMinutes(1));
      assertThat(harness.releases.retryDue(10)).isEqualTo(1);

      assertThat(status(harness, agency, id)).isEqualTo(DisclosureStatus.APPROVED);
      assertThat(harness.identity.presentedGrants()).isEmpty();
      assertThat(harness.audited("REQUEST_DISCLOSED", id)).isZero();
      Refusal noPackage = refusal(() -> harness.requests(agency.officer1())
          .getDisclosurePackage(GetDisclosurePackageRequest.newBuilder().setId(id).build()));
      assertThat(noPackage.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }
  }
}
