package org.idnet.disclosure.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.disclosure.requests.Messages.refusal;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.PHONE_NUMBER;

import io.grpc.Status;
import java.time.Duration;
import java.util.Set;
import org.idnet.caller.Caller;
import org.idnet.disclosure.api.ProtoTime;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.CreateDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureNotice;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.ListAccountNoticesRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Notices: the platform learns of a disclosure of its account once confidentiality ends, never the values. */
class NoticesGrpcTest {

  static final Caller PLATFORM_A = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
  static final Caller PLATFORM_B = new Caller("sa-platform-b", "platform-b", "", Set.of("platform"));
  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static DisclosureRequest disclose(Agency agency, CreateDisclosureRequestRequest request) {
    String id = harness.requests(agency.officer1()).createDisclosureRequest(request).getId();
    return harness.approve(agency.supervisor1(), ApproveDisclosureRequestRequest.newBuilder().setId(id).build());
  }

  static java.util.List<DisclosureNotice> notices(Caller platform, String accountId) {
    return harness.notices(platform).listAccountNotices(ListAccountNoticesRequest.newBuilder()
        .setAccountId(accountId).build()).getNoticesList();
  }

  @Test
  void noticesWhenNoConfidentialityThenShownAtOnceWithoutValuesAndOnlyToTheAccountsPlatform() {
    Agency agency = Agency.fresh();
    CreateDisclosureRequestRequest request = create(Catalogues.CYBERSEC_ART26, FULL_NAME, PHONE_NUMBER).build();
    String account = request.getTarget().getAccountId();
    assertThat(notices(PLATFORM_A, account)).isEmpty();
    DisclosureRequest disclosed = disclose(agency, request);

    assertThat(notices(PLATFORM_A, account)).containsExactly(DisclosureNotice.newBuilder()
        .setAgencyId(agency.id()).setLegalBasis(Catalogues.CYBERSEC_ART26).addFields(FULL_NAME)
        .addFields(PHONE_NUMBER).setDisclosedAt(disclosed.getDisclosedAt()).build());
    assertThat(notices(PLATFORM_B, account)).isEmpty();
  }

  @Test
  void noticesWhenConfidentialUntilLaterThenHiddenUntilThatTime() {
    Agency agency = Agency.fresh();
    CreateDisclosureRequestRequest request = create(Catalogues.CPC_ART88, FULL_NAME)
        .setConfidentialUntil(ProtoTime.of(harness.clock.instant().plus(Duration.ofDays(30)))).build();
    String account = request.getTarget().getAccountId();
    disclose(agency, request);
    assertThat(notices(PLATFORM_A, account)).isEmpty();
    harness.clock.advance(Duration.ofDays(30));
    assertThat(notices(PLATFORM_A, account)).hasSize(1);
  }

  @Test
  void noticesWhenNotDisclosedThenNone() {
    Agency agency = Agency.fresh();
    CreateDisclosureRequestRequest request = create(Catalogues.CPC_ART88, FULL_NAME).build();
    harness.requests(agency.officer1()).createDisclosureRequest(request);
    assertThat(notices(PLATFORM_A, request.getTarget().getAccountId())).isEmpty();
  }

  @Test
  void noticesWhenAccountIdMalformedThenInvalidArgument() {
    var refusal = refusal(() -> notices(PLATFORM_A, "no spaces allowed"));
    assertThat(refusal.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refusal.field()).isEqualTo("accountId");
  }

  @Test
  void noticesWhenCallerIsAnAgencyThenPermissionDenied() {
    assertThat(refusal(() -> notices(Agency.fresh().officer1(), "acct")).code())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
  }
}
