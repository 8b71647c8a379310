package org.idnet.disclosure.requests.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.disclosure.requests.Messages.refusal;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;

import com.nimbusds.jwt.JWTClaimsSet;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.idnet.caller.Caller;
import org.idnet.caller.evidence.EvidenceMetadata;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.Messages.Refusal;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.idnet.disclosure.v1.GetDisclosureRequestRequest;
import org.idnet.disclosure.v1.RejectDisclosureRequestRequest;
import org.idnet.headers.ForwardedHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A person approves only with a token of a fresh login with the one-time code (docs/pages.md 4.2):
 * {@code auth_time} within {@code approval-login-within} of now and {@code amr} containing
 * {@code otp}, checked by disclosure-service itself on the token it verifies as four-eyes evidence,
 * so that a taken-over web cannot approve with a token of an earlier login. Clients' own tokens
 * (client credentials, the sandbox's machine supervisors) carry no login and still approve.
 */
class FreshLoginGrpcTest {

  static RequestsHarness harness;

  @BeforeAll
  static void start() {
    harness = RequestsHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static DisclosureRequest file(Agency agency) {
    return harness.requests(agency.officer1()).createDisclosureRequest(create(Catalogues.CYBERSEC_ART26, FULL_NAME)
        .build());
  }

  static DisclosureRequest approveWith(Caller supervisor, String token, DisclosureRequest filed) {
    io.grpc.Metadata ifMatch = new io.grpc.Metadata();
    ifMatch.put(ForwardedHeader.IF_MATCH.metadataKey(), "\"" + filed.getDigest() + "\"");
    return harness.withoutEvidence(supervisor).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
        EvidenceMetadata.of(token)), MetadataUtils.newAttachHeadersInterceptor(ifMatch))
        .approveDisclosureRequest(ApproveDisclosureRequestRequest.newBuilder().setId(filed.getId()).build());
  }

  static String token(Caller caller, Consumer<JWTClaimsSet.Builder> login) {
    return harness.issuer.token(caller, login);
  }

  static Consumer<JWTClaimsSet.Builder> login(Duration ago, String... amr) {
    return claims -> claims.claim("auth_time", harness.clock.instant().minus(ago).getEpochSecond())
        .claim("amr", List.of(amr));
  }

  static void assertRefusedAndNothingHappened(Caller supervisor, String token, DisclosureRequest filed) {
    Refusal refusal = refusal(() -> approveWith(supervisor, token, filed));
    assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refusal.reason()).isEqualTo("fresh-login-required");
    assertThat(harness.requests(supervisor).getDisclosureRequest(GetDisclosureRequestRequest.newBuilder()
        .setId(filed.getId()).build()).getStatus()).isEqualTo(DisclosureStatus.AWAITING_APPROVAL);
    assertThat(harness.audited("REQUEST_APPROVED", filed.getId())).isZero();
    assertThat(harness.owner.queryForObject("SELECT approver_evidence IS NULL AND approval_token_hash IS NULL"
        + " FROM disclosure_requests WHERE id = ?::uuid", Boolean.class, filed.getId())).isTrue();
  }

  @Test
  void approveWhenAPersonsTokenHasNoAuthTimeOrNoOtpOrAnOldLoginThenFreshLoginRequiredAndNothingApproved() {
    Agency agency = Agency.fresh();
    Caller supervisor = agency.supervisor1();
    DisclosureRequest filed = file(agency);

    // A token as the test issuer signs it by default: no auth_time, no amr (a person's refreshed or
    // otherwise obtained token that says nothing of a login).
    assertRefusedAndNothingHappened(supervisor, harness.issuer.tokenFor(supervisor), filed);
    // A login just now, but with the password alone.
    assertRefusedAndNothingHappened(supervisor, token(supervisor, login(Duration.ZERO, "pwd")), filed);
    // amr with otp, but no auth_time.
    assertRefusedAndNothingHappened(supervisor, token(supervisor, c -> c.claim("amr", List.of("pwd", "otp"))), filed);
    // Password and code, but 6 minutes ago (the window is 5).
    assertRefusedAndNothingHappened(supervisor, token(supervisor, login(Duration.ofMinutes(6), "pwd", "otp")), filed);
    // auth_time as a string is not a time.
    assertRefusedAndNothingHappened(supervisor, token(supervisor, c -> c.claim("auth_time",
        String.valueOf(harness.clock.instant().getEpochSecond())).claim("amr", List.of("pwd", "otp"))), filed);

    // Password and code 4 min 59 s ago: approved, and released.
    assertThat(approveWith(supervisor, token(supervisor, login(Duration.ofSeconds(299), "pwd", "otp")), filed)
        .getStatus()).isEqualTo(DisclosureStatus.DISCLOSED);
    assertThat(harness.audited("REQUEST_APPROVED", filed.getId())).isEqualTo(1);
  }

  @Test
  void approveWhenTheLoginAgesPastTheWindowThenTheSameTokenNoLongerApproves() {
    Agency agency = Agency.fresh();
    Caller supervisor = agency.supervisor1();
    DisclosureRequest filed = file(agency);
    String token = token(supervisor, login(Duration.ZERO, "pwd", "otp"));

    harness.clock.advance(RequestsHarness.APPROVAL_LOGIN_WITHIN.plusSeconds(1));
    assertRefusedAndNothingHappened(supervisor, token, filed);
  }

  @Test
  void approveWhenAClientsOwnTokenThenNoLoginIsAskedForAsTheSandboxsMachineSupervisorsApprove() {
    Agency agency = Agency.fresh();
    String client = agency.id() + "-machine-supervisor";
    Caller machine = new Caller("service-account-" + client, client, agency.id(), Set.of("agency-supervisor"));
    DisclosureRequest filed = file(agency);

    assertThat(approveWith(machine, harness.issuer.tokenFor(machine), filed).getStatus())
        .isEqualTo(DisclosureStatus.DISCLOSED);
  }

  @Test
  void approveWhenAPersonIsNamedLikeAnotherClientsServiceAccountThenStillAPersonWhoNeedsAFreshLogin() {
    Agency agency = Agency.fresh();
    Caller impostor = new Caller("service-account-" + agency.id() + "-other", "agency-portal", agency.id(),
        Set.of("agency-supervisor"));
    DisclosureRequest filed = file(agency);

    assertRefusedAndNothingHappened(impostor, harness.issuer.tokenFor(impostor), filed);
  }

  @Test
  void approveWhenAConsoleTokenHasNoPreferredUsernameThenAPersonWhoNeedsAFreshLogin() {
    // Without preferred_username the official stands in as service-account-<azp>: that is no
    // client's own token, and never for the console's client.
    Agency agency = Agency.fresh();
    Caller unnamed = new Caller("service-account-idnet-console", "idnet-console", agency.id(),
        Set.of("agency-supervisor"));
    DisclosureRequest filed = file(agency);

    assertRefusedAndNothingHappened(unnamed, token(unnamed, c -> c.claim("preferred_username", null)), filed);
  }

  @Test
  void approveWhenAPersonIsNamedServiceAccountIdnetConsoleThenStillAPersonWhoNeedsAFreshLogin() {
    Agency agency = Agency.fresh();
    Caller named = new Caller("service-account-idnet-console", "idnet-console", agency.id(),
        Set.of("agency-supervisor"));
    DisclosureRequest filed = file(agency);

    assertRefusedAndNothingHappened(named, harness.issuer.tokenFor(named), filed);
    assertThat(approveWith(named, token(named, login(Duration.ZERO, "pwd", "otp")), filed).getStatus())
        .as("with a fresh login, approved like any person").isEqualTo(DisclosureStatus.DISCLOSED);
  }

  @Test
  void approveWhenAnotherClientsTokenHasNoPreferredUsernameThenNotTakenForItsServiceAccount() {
    Agency agency = Agency.fresh();
    String client = agency.id() + "-machine-supervisor";
    Caller unnamed = new Caller("service-account-" + client, client, agency.id(), Set.of("agency-supervisor"));
    DisclosureRequest filed = file(agency);

    assertRefusedAndNothingHappened(unnamed, token(unnamed, c -> c.claim("preferred_username", null)), filed);
  }

  @Test
  void rejectWhenTheLoginIsNotFreshThenStillRejected() {
    Agency agency = Agency.fresh();
    DisclosureRequest filed = file(agency);

    assertThat(harness.withoutEvidence(agency.supervisor1()).withInterceptors(MetadataUtils
        .newAttachHeadersInterceptor(EvidenceMetadata.of(harness.issuer.tokenFor(agency.supervisor1()))))
        .rejectDisclosureRequest(RejectDisclosureRequestRequest.newBuilder().setId(filed.getId())
            .setReason("Not proportionate.").build()).getStatus()).isEqualTo(DisclosureStatus.REJECTED);
  }
}
