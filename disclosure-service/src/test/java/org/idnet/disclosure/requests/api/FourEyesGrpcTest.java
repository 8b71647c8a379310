package org.idnet.disclosure.requests.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.disclosure.requests.Messages.create;
import static org.idnet.disclosure.requests.Messages.refusal;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.PHONE_NUMBER;

import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.idnet.caller.Caller;
import org.idnet.caller.evidence.EvidenceMetadata;
import org.idnet.disclosure.requests.Agency;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.Messages.Refusal;
import org.idnet.disclosure.requests.RequestsHarness;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.CancelDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureRequestServiceGrpc;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.idnet.disclosure.v1.GetDisclosurePackageRequest;
import org.idnet.disclosure.v1.GetDisclosureRequestRequest;
import org.idnet.disclosure.v1.RejectDisclosureRequestRequest;
import org.idnet.headers.ForwardedHeader;
import org.idnet.identity.v1.DisclosureGrant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Four eyes with evidence, over gRPC without the gateway: the officials' own tokens on every
 * authority-bearing call, the digest of what was filed, If-Match on approval, a grant that
 * carries both officials' tokens over that digest, and one request approved per token.
 */
class FourEyesGrpcTest {

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
    return harness.requests(officer).createDisclosureRequest(create(Catalogues.CYBERSEC_ART26, FULL_NAME, PHONE_NUMBER)
        .build());
  }

  static DisclosureRequestServiceGrpc.DisclosureRequestServiceBlockingStub with(Caller caller, String token) {
    return harness.withoutEvidence(caller).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
        EvidenceMetadata.of(token)));
  }

  @Test
  void everyAuthorityBearingCallWithoutTheOfficialsTokenIsRefused() {
    Agency agency = Agency.fresh();
    String id = file(agency.officer1()).getId();
    var calls = new org.assertj.core.api.ThrowableAssert.ThrowingCallable[] {
        () -> harness.withoutEvidence(agency.officer1()).createDisclosureRequest(
            create(Catalogues.CYBERSEC_ART26, FULL_NAME).build()),
        () -> harness.withoutEvidence(agency.supervisor1()).approveDisclosureRequest(
            ApproveDisclosureRequestRequest.newBuilder().setId(id).build()),
        () -> harness.withoutEvidence(agency.supervisor1()).rejectDisclosureRequest(
            RejectDisclosureRequestRequest.newBuilder().setId(id).setReason("no").build()),
        () -> harness.withoutEvidence(agency.officer1()).cancelDisclosureRequest(
            CancelDisclosureRequestRequest.newBuilder().setId(id).build()),
        () -> harness.withoutEvidence(agency.officer1()).getDisclosurePackage(
            GetDisclosurePackageRequest.newBuilder().setId(id).build())};
    for (var call : calls) {
      Refusal refusal = refusal(call);
      assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(refusal.description()).contains("evidence refused (missing)");
    }
    assertThat(harness.requestRows(agency.id())).isEqualTo(1);
    // Reading a request carries no authority: the caller alone is enough.
    assertThat(harness.withoutEvidence(agency.officer1()).getDisclosureRequest(GetDisclosureRequestRequest
        .newBuilder().setId(id).build()).getStatus()).isEqualTo(DisclosureStatus.AWAITING_APPROVAL);
  }

  @Test
  void aForgedExpiredOrSomeoneElsesTokenIsRefused() {
    Agency agency = Agency.fresh();
    Agency other = Agency.fresh();
    Caller officer = agency.officer1();
    assertThat(refusal(() -> with(officer, harness.issuer.forged(officer)).createDisclosureRequest(
        create(Catalogues.CYBERSEC_ART26, FULL_NAME).build())).code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    java.time.Instant then = java.time.Instant.now().minusSeconds(900);
    String expired = harness.issuer.token(officer, c -> c.issueTime(java.util.Date.from(then))
        .expirationTime(java.util.Date.from(then.plusSeconds(300))));
    assertThat(refusal(() -> with(officer, expired).createDisclosureRequest(
        create(Catalogues.CYBERSEC_ART26, FULL_NAME).build())).code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    String colleagues = harness.tokenFor(agency.officer2());
    assertThat(refusal(() -> with(officer, colleagues).createDisclosureRequest(
        create(Catalogues.CYBERSEC_ART26, FULL_NAME).build())).code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    String otherAgency = harness.tokenFor(new Caller(officer.subject(), officer.clientId(), other.id(),
        officer.roles()));
    assertThat(refusal(() -> with(officer, otherAgency).createDisclosureRequest(
        create(Catalogues.CYBERSEC_ART26, FULL_NAME).build())).code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(harness.requestRows(agency.id())).isZero();
  }

  @Test
  void theDigestCoversWhatWasFiledAndIsTheSameOnEveryRead() {
    Agency agency = Agency.fresh();
    DisclosureRequest filed = file(agency.officer1());
    assertThat(filed.getDigest()).matches("[0-9a-f]{64}");
    assertThat(harness.requests(agency.supervisor1()).getDisclosureRequest(GetDisclosureRequestRequest.newBuilder()
        .setId(filed.getId()).build()).getDigest()).isEqualTo(filed.getDigest());
    // Same content, another request: another digest (the id and filing time are covered too).
    assertThat(file(agency.officer1()).getDigest()).isNotEqualTo(filed.getDigest());
  }

  @Test
  void approvalWithoutIfMatchIsPreconditionRequiredAndWithAnotherDigestPreconditionFailed() {
    Agency agency = Agency.fresh();
    DisclosureRequest filed = file(agency.officer1());
    ApproveDisclosureRequestRequest approve = ApproveDisclosureRequestRequest.newBuilder().setId(filed.getId()).build();
    Refusal missing = refusal(() -> harness.requests(agency.supervisor1()).approveDisclosureRequest(approve));
    assertThat(missing.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(missing.reason()).isEqualTo("precondition-required");
    String stale = file(agency.officer1()).getDigest();
    for (String ifMatch : new String[] {"\"" + stale + "\"", "*", "W/\"" + filed.getDigest() + "\"",
        filed.getDigest()}) {
      Refusal failed = refusal(() -> harness.ifMatch(agency.supervisor1(), ifMatch).approveDisclosureRequest(approve));
      assertThat(failed.reason()).as(ifMatch).isEqualTo("precondition-failed");
    }
    assertThat(harness.requests(agency.officer1()).getDisclosureRequest(GetDisclosureRequestRequest.newBuilder()
        .setId(filed.getId()).build()).getStatus()).isEqualTo(DisclosureStatus.AWAITING_APPROVAL);
    assertThat(harness.ifMatch(agency.supervisor1(), "\"" + stale + "\", \"" + filed.getDigest() + "\"")
        .approveDisclosureRequest(approve).getStatus()).isEqualTo(DisclosureStatus.DISCLOSED);
  }

  @Test
  void theGrantCarriesBothOfficialsTokensTheDigestAndTheRequestAsFiled() throws Exception {
    Agency agency = Agency.fresh();
    String filerToken = harness.tokenFor(agency.officer1());
    DisclosureRequest filed = with(agency.officer1(), filerToken).createDisclosureRequest(
        create(Catalogues.CYBERSEC_ART26, PHONE_NUMBER).build());
    String approverToken = harness.tokenFor(agency.supervisor1());
    assertThat(with(agency.supervisor1(), approverToken).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
        ifMatchHeader(filed.getDigest()))).approveDisclosureRequest(ApproveDisclosureRequestRequest.newBuilder()
        .setId(filed.getId()).build()).getStatus()).isEqualTo(DisclosureStatus.DISCLOSED);

    DisclosureGrant grant = harness.identity.grants().stream()
        .filter(g -> g.getRequestId().equals(filed.getId())).findFirst().orElseThrow();
    assertThat(grant.getFilerToken()).isEqualTo(filerToken);
    assertThat(grant.getApproverToken()).isEqualTo(approverToken);
    assertThat(grant.getDigest()).isEqualTo(filed.getDigest());
    assertThat(grant.getFiled().getRequestedBy()).isEqualTo(agency.officer1().subject());
    assertThat(grant.getFiled().getAgencyId()).isEqualTo(agency.id());
    assertThat(grant.getFiled().getCaseReference()).isEqualTo(filed.getCaseReference());
    byte[] bytes = new byte[grant.getFiled().getSerializedSize()];
    var out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
    out.useDeterministicSerialization();
    grant.getFiled().writeTo(out);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
        .isEqualTo(filed.getDigest());
  }

  @Test
  void theKeptTokensAreEncryptedAtRest() {
    Agency agency = Agency.fresh();
    String filerToken = harness.tokenFor(agency.officer1());
    DisclosureRequest filed = with(agency.officer1(), filerToken).createDisclosureRequest(
        create(Catalogues.CYBERSEC_ART26, PHONE_NUMBER).build());
    byte[] stored = harness.owner.queryForObject("SELECT filer_evidence FROM disclosure_requests WHERE id = ?::uuid",
        byte[].class, filed.getId());
    String signature = filerToken.substring(filerToken.lastIndexOf('.') + 1);
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(signature.substring(0, 20))
        .doesNotContain(filerToken.substring(0, 20));
    assertThat(harness.owner.queryForObject("SELECT approver_evidence IS NULL FROM disclosure_requests"
        + " WHERE id = ?::uuid", Boolean.class, filed.getId())).isTrue();
  }

  static DisclosureRequest approveWith(Caller supervisor, String token, DisclosureRequest filed) {
    return with(supervisor, token).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
        ifMatchHeader(filed.getDigest()))).approveDisclosureRequest(ApproveDisclosureRequestRequest.newBuilder()
        .setId(filed.getId()).build());
  }

  @Test
  void aSupervisorsTokenApprovesOneRequestAndTheNextNeedsAFreshOne() {
    Agency agency = Agency.fresh();
    DisclosureRequest first = file(agency.officer1());
    DisclosureRequest second = file(agency.officer1());
    String token = harness.tokenFor(agency.supervisor1());
    assertThat(approveWith(agency.supervisor1(), token, first).getStatus()).isEqualTo(DisclosureStatus.DISCLOSED);

    // The same token, and the same token with its signature segment written otherwise (it verifies
    // all the same: the signing input names the token, not the string).
    char last = token.charAt(token.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    String reencoded = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
    for (String reused : new String[] {token, reencoded}) {
      Refusal refusal = refusal(() -> approveWith(agency.supervisor1(), reused, second));
      assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(refusal.reason()).isEqualTo("evidence-reused");
      assertThat(refusal.description()).contains("approve each request with a fresh token");
    }
    assertThat(harness.requests(agency.officer1()).getDisclosureRequest(GetDisclosureRequestRequest.newBuilder()
        .setId(second.getId()).build()).getStatus()).isEqualTo(DisclosureStatus.AWAITING_APPROVAL);
    assertThat(harness.audited("REQUEST_APPROVED", second.getId())).isZero();
    assertThat(harness.owner.queryForObject("SELECT approver_evidence IS NULL AND approval_token_hash IS NULL"
        + " FROM disclosure_requests WHERE id = ?::uuid", Boolean.class, second.getId())).isTrue();
    assertThat(harness.identity.grants().stream().filter(g -> g.getRequestId().equals(second.getId()))).isEmpty();

    assertThat(approveWith(agency.supervisor1(), harness.tokenFor(agency.supervisor1()), second).getStatus())
        .isEqualTo(DisclosureStatus.DISCLOSED);
    assertThat(harness.audited("REQUEST_APPROVED", second.getId())).isEqualTo(1);
  }

  static io.grpc.Metadata ifMatchHeader(String digest) {
    io.grpc.Metadata headers = new io.grpc.Metadata();
    headers.put(ForwardedHeader.IF_MATCH.metadataKey(), "\"" + digest + "\"");
    return headers;
  }
}
