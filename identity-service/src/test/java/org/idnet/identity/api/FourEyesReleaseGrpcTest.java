package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrantSigner.AGENCY;
import static org.idnet.identity.api.GrantSigner.ISSUER;
import static org.idnet.identity.api.GrantSigner.OFFICER;
import static org.idnet.identity.api.GrantSigner.SUPERVISOR;
import static org.idnet.identity.api.GrantSigner.grant;
import static org.idnet.identity.api.GrantSigner.timestamp;
import static org.idnet.identity.api.GrantSigner.token;
import static org.idnet.identity.api.GrpcHarness.DISCLOSURE;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.PHONE_NUMBER;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.idnet.caller.Caller;
import org.idnet.caller.evidence.TestIssuer;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.v1.ReleaseIdentityResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Four eyes proven to identity-service. Every grant here is signed with disclosure-service's own,
 * trusted key: what a taken-over disclosure-service could make. Without two valid approvals over the
 * right digest, nothing is released, the refusal is recorded (append-only, with its reason and the
 * request) and counted. One release per request: a retry is the same record, never a second one.
 * One request per approval: the tokens disclosure-service keeps from past requests approve no new
 * one, however the new request's life is stated.
 */
class FourEyesReleaseGrpcTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;
  static GrantSigner signer;
  static JdbcClient jdbc;
  static String account;
  static String phone = "+84912000801";

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_four_eyes");
    Path trusted = Files.createTempDirectory("grant-keys").resolve("grant-signing-public-keyset.json");
    signer = new GrantSigner().publish(trusted);
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).grantKeys(trusted).start();
    jdbc = TestDatabase.asOwner(dataSource);
    account = unique("subject");
    grpc.bind("platform-a", account, phone, unique("v"));
    grpc.registerRealName(PLATFORM_A, TestCitizens.form(account, TestCitizens.bornIn(1979)));
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  static Instant now() {
    return grpc.clock.instant();
  }

  static DisclosureGrant.Builder valid() {
    return grant("platform-a", account, now(), FULL_NAME, PHONE_NUMBER);
  }

  static int count(String sql, Object... params) {
    var statement = jdbc.sql(sql);
    for (Object p : params) {
      statement = statement.param(p);
    }
    return statement.query(Integer.class).single();
  }

  static double counted(String reason) {
    var counter = grpc.meters.find("idnet.identity.release.refusals").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Refused naming {@code reason}: nothing released, a refusal row for the request, the counter up by one. */
  static void assertRefused(DisclosureGrant.Builder grant, String reason) {
    double before = counted(reason);
    int releases = count("SELECT count(*)::int FROM disclosure_releases");
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(grant)));
    assertThat(e).as(reason).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    try {
      assertThat(errorInfo(e).getReason()).isEqualTo("grant-refused");
      // What disclosure-service reads to tell a final refusal from one worth retrying.
      assertThat(errorInfo(e).getMetadataMap()).containsEntry("check", reason);
    } catch (com.google.protobuf.InvalidProtocolBufferException unreadable) {
      throw new AssertionError(unreadable);
    }
    assertThat(e.getStatus().getDescription()).contains("(" + reason + ")");
    assertThat(count("SELECT count(*)::int FROM disclosure_releases")).isEqualTo(releases);
    assertThat(count("SELECT count(*)::int FROM release_refusals WHERE reason = ? AND request_id = ?::uuid",
        reason, grant.getRequestId())).isEqualTo(1);
    assertThat(counted(reason)).isEqualTo(before + 1);
  }

  static Caller official(String name, String agency, String... roles) {
    return TestIssuer.official(name, agency, roles);
  }

  @Test
  void twoOfficialsOfTheAgencyOverTheRightDigestReleaseOnceAndTheLedgerSaysSo() {
    DisclosureGrant.Builder grant = valid();
    ReleaseIdentityResponse released = grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(grant));
    assertThat(released.getFields().getPhoneNumber()).isEqualTo(phone);
    assertThat(count("SELECT count(*)::int FROM disclosure_releases WHERE request_id = ?::uuid",
        grant.getRequestId())).isEqualTo(1);
  }

  @Test
  void aMissingOrForgedApprovalReleasesNothing() {
    assertRefused(valid().setApproverToken(""), "approver-evidence");
    assertRefused(valid().setApproverToken(ISSUER.forged(SUPERVISOR)), "approver-evidence");
    assertRefused(valid().setApproverToken(ISSUER.token(SUPERVISOR, c -> c.issuer("https://evil.example/realms/idnet"))),
        "approver-evidence");
    assertRefused(valid().setFilerToken(ISSUER.forged(OFFICER)), "filer-evidence");
  }

  /**
   * Found in review: a token newer than the last fetch of the issuer's keys (an issuer outage, a
   * fetch running late) was refused as if forged (approver-evidence). It is a refusal of its own,
   * which disclosure-service retries, counted apart from forgeries.
   */
  @Test
  void aTokenNewerThanTheLastFetchOfTheIssuersKeysIsPendingNotNoEvidence() {
    assertRefused(valid().setApproverToken(token(SUPERVISOR, now().plus(Duration.ofMinutes(10)))),
        "evidence-keys-pending");
  }

  @Test
  void anApprovalByTheSamePersonOrByAnotherAgencyOrWithoutTheRoleReleasesNothing() {
    Instant recent = now().minus(Duration.ofMinutes(1));
    assertRefused(valid().setApproverToken(token(official(OFFICER.subject(), AGENCY, "agency-supervisor"), recent)),
        "same-official");
    assertRefused(valid().setApproverToken(token(official("supervisor-9", "agency-2", "agency-supervisor"), recent)),
        "approver");
    assertRefused(valid().setApproverToken(token(official("officer-2", AGENCY, "agency-officer"), recent)),
        "approver");
  }

  /**
   * disclosure-service keeps every filing token: that of an official holding both roles, filed on
   * their own request, would otherwise pass as their approval of this one.
   */
  @Test
  void aTokenThatCanAlsoFileIsNoApproval() {
    Instant recent = now().minus(Duration.ofMinutes(1));
    assertRefused(valid().setApproverToken(
        token(official("supervisor-2", AGENCY, "agency-supervisor", "agency-officer"), recent)), "approver-files");
  }

  @Test
  void aFilerWhoIsNotTheRequesterReleasesNothing() {
    DisclosureGrant.Builder grant = valid();
    Instant filedAt = Instant.ofEpochSecond(grant.getFiled().getFiledAt().getSeconds());
    assertRefused(grant.setFilerToken(token(official("officer-2", AGENCY, "agency-officer"), filedAt)), "filer");
  }

  @Test
  void aDigestThatDoesNotMatchTheRequestAsFiledReleasesNothing() {
    DisclosureGrant.Builder other = valid();
    assertRefused(valid().setDigest(other.getDigest()), "digest");
    DisclosureGrant.Builder altered = valid();
    altered.setFiled(altered.getFiled().toBuilder().setCaseReference("HS-2026/9999"));
    assertRefused(altered, "digest");
    DisclosureGrant.Builder widened = valid();
    widened.setFiled(widened.getFiled().toBuilder().clearFields().addFields(FULL_NAME));
    assertRefused(widened, "filed");
    assertRefused(valid().clearFiled(), "filed");
  }

  @Test
  void aTokenIssuedOutsideTheRequestsLifeReleasesNothing() {
    DisclosureGrant.Builder grant = valid();
    Instant filedAt = Instant.ofEpochSecond(grant.getFiled().getFiledAt().getSeconds());
    assertRefused(grant.setApproverToken(token(SUPERVISOR, filedAt.minus(Duration.ofHours(2)))), "evidence-time");
    DisclosureGrant.Builder late = valid();
    late.setFiled(late.getFiled().toBuilder().setDueAt(timestamp(now().minus(Duration.ofMinutes(5)))));
    late.setDigest(ProtoGrantDecoder.digest(late.getFiled()));
    assertRefused(late, "evidence-time");
  }

  /**
   * A grant for a request filed {@code filedAgo} before now with a deadline {@code life} after filing,
   * the filer's token issued a minute before filing, the approver's at {@code approvedAt}.
   */
  static DisclosureGrant.Builder filed(Duration filedAgo, Duration life, Instant approvedAt) {
    DisclosureGrant.Builder grant = valid();
    Instant filedAt = now().minus(filedAgo).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    grant.setFiled(grant.getFiled().toBuilder().setFiledAt(timestamp(filedAt)).setDueAt(timestamp(filedAt.plus(life))));
    return grant.setDigest(ProtoGrantDecoder.digest(grant.getFiled()))
        .setFilerToken(token(OFFICER, filedAt.minus(Duration.ofMinutes(1))))
        .setApproverToken(token(SUPERVISOR, approvedAt));
  }

  @Test
  void aRequestLivingLongerThanTheLongestDeadlineOrNotAtAllReleasesNothing() {
    Instant approved = now().minus(Duration.ofMinutes(1));
    assertRefused(filed(Duration.ofHours(1), GrpcHarness.MAX_REQUEST_LIFE.plusSeconds(1), approved), "request-life");
    assertRefused(filed(Duration.ofHours(1), Duration.ofSeconds(-1), approved), "request-life");
    assertRefused(filed(Duration.ofHours(1), Duration.ZERO, approved), "request-life");
    // The longest deadline disclosure-service sets is fine.
    grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(filed(Duration.ofHours(1), GrpcHarness.MAX_REQUEST_LIFE,
        approved)));
  }

  @Test
  void aReleaseLaterThanTheHorizonAfterTheApprovalReleasesNothing() {
    Duration horizon = GrpcHarness.RELEASE_HORIZON;
    // Filed two days ago, deadline tomorrow: the approver's token is within the request's life either way.
    assertRefused(filed(Duration.ofHours(48), Duration.ofHours(72), now().minus(horizon).minusSeconds(1)),
        "evidence-stale");
    // disclosure-service retried the release for most of a day while identity-service was down: released.
    grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(filed(Duration.ofHours(48), Duration.ofHours(72),
        now().minus(horizon).plusSeconds(60))));
  }

  /**
   * A grant for a request filed at {@code filedAt}, due at {@code dueAt}, with tokens issued at the
   * given instants (whole seconds, as JWTs carry them).
   */
  static DisclosureGrant.Builder lived(Instant filedAt, Instant dueAt, Instant filerIssued, Instant approverIssued) {
    DisclosureGrant.Builder grant = valid();
    grant.setFiled(grant.getFiled().toBuilder().setFiledAt(timestamp(filedAt)).setDueAt(timestamp(dueAt)));
    return grant.setDigest(ProtoGrantDecoder.digest(grant.getFiled()))
        .setFilerToken(token(OFFICER, filerIssued)).setApproverToken(token(SUPERVISOR, approverIssued));
  }

  /** Now rounded up to a whole second: bounds computed from it hold whatever the clock's fraction. */
  static Instant wholeSecondAfterNow() {
    Instant now = now();
    Instant floor = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    return floor.equals(now) ? now : floor.plusSeconds(1);
  }

  /**
   * The deadline bounds the release on its own: an approving token issued within the skew after the
   * deadline is still fresh by its own bound when the deadline's has passed.
   */
  @Test
  void aReleaseLaterThanTheHorizonAfterTheDeadlineReleasesNothingWhateverTheApprovingToken() {
    Duration horizon = GrpcHarness.RELEASE_HORIZON;
    Instant base = wholeSecondAfterNow();
    Instant due = base.minus(horizon).minusSeconds(10);
    DisclosureGrant.Builder late = lived(due.minus(Duration.ofHours(1)), due,
        due.minus(Duration.ofMinutes(61)), due.plusSeconds(30));
    assertRefused(late, "evidence-stale");
    // The same twenty seconds earlier: within the horizon after the deadline, released.
    Instant dueLater = base.minus(horizon).plusSeconds(10);
    grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(lived(dueLater.minus(Duration.ofHours(1)), dueLater,
        dueLater.minus(Duration.ofMinutes(61)), dueLater.plusSeconds(30))));
  }

  /**
   * The filing officer's token is evidence for at most max-request-life + horizon + token lifetime +
   * skew after it was issued (what the trust model promises): at the limit it releases, a second
   * older it does not, whatever the approving token.
   */
  @Test
  void aFilersTokenIsNoEvidenceLongerThanTheLongestRequestLifeAndTheHorizonAfterItWasIssued() {
    Duration horizon = GrpcHarness.RELEASE_HORIZON;
    Duration oldest = GrpcHarness.MAX_REQUEST_LIFE.plus(horizon).plus(Duration.ofMinutes(5)).plusSeconds(30);
    Instant base = wholeSecondAfterNow();
    Instant approverIssued = base.minus(horizon).plusSeconds(10);
    for (int extra : new int[] {0, 1}) {
      Instant filerIssued = base.minus(oldest).minusSeconds(extra);
      Instant filedAt = filerIssued.plus(Duration.ofMinutes(5)).plusSeconds(30);
      DisclosureGrant.Builder grant = lived(filedAt, filedAt.plus(GrpcHarness.MAX_REQUEST_LIFE), filerIssued,
          approverIssued);
      if (extra == 0) {
        grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(grant));
      } else {
        assertRefused(grant, "evidence-stale");
      }
    }
  }

  /**
   * The review's attack: a supervisor's token disclosure-service saw but identity-service never spent
   * (it rejected a request with it, or its approval was refused 412 or 409), a month old. A
   * taken-over disclosure-service invents a request whose stated life fits the token.
   */
  @Test
  void aSupervisorsTokenNeverSpentIsWorthNothingAfterTheHorizon() {
    Instant captured = now().minus(Duration.ofDays(30));
    DisclosureGrant.Builder forged = filed(Duration.ofDays(30).plusHours(1), Duration.ofHours(72), captured);
    assertRefused(forged, "evidence-stale");
    // Past the deadline by more than the horizon: the same, whatever the tokens.
    Instant justBeforeDue = now().minus(GrpcHarness.RELEASE_HORIZON).minus(Duration.ofHours(2));
    assertRefused(filed(Duration.ofHours(72 + 25), Duration.ofHours(72), justBeforeDue), "evidence-stale");
  }

  @Test
  void aRetryForTheSameRequestIsTheSameReleaseNotASecondOne() {
    DisclosureGrant.Builder first = valid();
    ReleaseIdentityResponse answer = grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(first));
    // The answer was lost: disclosure-service retries with a new grant for the same request.
    DisclosureGrant.Builder retry = first.clone().setGrantId(UUID.randomUUID().toString());
    assertThat(grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(retry))).isEqualTo(answer);
    assertThat(count("SELECT count(*)::int FROM disclosure_releases WHERE request_id = ?::uuid",
        first.getRequestId())).isEqualTo(1);
    // The same grant again is a replay, refused as before.
    assertRefused(retry, "replayed");
  }

  @Test
  void aRetryThatWouldReleaseOtherValuesIsRefused() {
    String moved = unique("moved");
    grpc.bind("platform-a", moved, "+84912000802", unique("v"));
    DisclosureGrant.Builder first = grant("platform-a", moved, now(), PHONE_NUMBER);
    grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(first));
    grpc.bind("platform-a", moved, "+84912000803", unique("v"));
    assertRefused(first.clone().setGrantId(UUID.randomUUID().toString()), "retry-differs");
  }

  /**
   * What a taken-over disclosure-service could make from a released request's two tokens: a request
   * of its own (new id, another target) filed at the same moment, so both tokens fall within its
   * stated life, the digest right, signed with the trusted key.
   */
  static DisclosureGrant.Builder forgedFrom(DisclosureGrant.Builder released, String target, String approverToken) {
    DisclosureGrant.Builder forged = grant("platform-a", target, now(), PHONE_NUMBER);
    forged.setFiled(forged.getFiled().toBuilder()
        .setFiledAt(released.getFiled().getFiledAt()).setDueAt(released.getFiled().getDueAt()));
    return forged.setDigest(ProtoGrantDecoder.digest(forged.getFiled()))
        .setFilerToken(released.getFilerToken()).setApproverToken(approverToken);
  }

  @Test
  void anApprovalKeptFromAReleasedRequestApprovesNoOtherRequest() {
    String victim = unique("victim");
    grpc.bind("platform-a", victim, "+84912000804", unique("v"));
    DisclosureGrant.Builder first = valid();
    ReleaseIdentityResponse answer = grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(first));

    assertRefused(forgedFrom(first, victim, first.getApproverToken()), "evidence-reused");
    assertThat(count("SELECT count(*)::int FROM approval_evidence_spent")).isPositive();

    // The request the approval was for may still be retried (its answer was lost).
    DisclosureGrant.Builder retry = first.clone().setGrantId(UUID.randomUUID().toString());
    assertThat(grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(retry))).isEqualTo(answer);
  }

  @Test
  void aSpentApprovalIsRecognisedWhateverItsSignatureSegmentOrPaddingLooksLike() {
    DisclosureGrant.Builder first = valid();
    grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(first));
    String token = first.getApproverToken();
    // Each of these verifies with the issuer's key (the JWT library trims and decodes base64url
    // leniently), and none is the same string: only the signing input names the token.
    char last = token.charAt(token.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    String lowBitsFlipped = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
    for (String variant : new String[] {lowBitsFlipped, " " + token, token + "\n", token + "="}) {
      assertThat(variant).isNotEqualTo(token);
      assertRefused(forgedFrom(first, account, variant), "evidence-reused");
    }
  }

  @Test
  void theRefusalsAndReleasesCannotBeRewritten() {
    assertRefused(valid().setApproverToken(""), "approver-evidence");
    assertThatThrownBy(() -> jdbc.sql("UPDATE release_refusals SET reason = 'nothing'").update())
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("DELETE FROM release_refusals").update()).hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("TRUNCATE release_refusals").update()).hasMessageContaining("append-only");
    grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(valid()));
    assertThatThrownBy(() -> jdbc.sql("DELETE FROM disclosure_releases").update()).hasMessageContaining("append-only");
  }
}
