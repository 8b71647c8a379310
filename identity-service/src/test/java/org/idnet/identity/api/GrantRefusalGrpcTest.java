package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrantSigner.grant;
import static org.idnet.identity.api.GrantSigner.timestamp;
import static org.idnet.identity.api.GrpcHarness.DISCLOSURE;
import static org.idnet.identity.api.GrpcHarness.OTP;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.errorInfo;
import static org.idnet.identity.api.GrpcHarness.unique;
import static org.idnet.identity.v1.IdentityField.FULL_NAME;
import static org.idnet.identity.v1.IdentityField.IDENTITY_FIELD_UNSPECIFIED;
import static org.idnet.identity.v1.IdentityField.PHONE_NUMBER;

import com.google.protobuf.ByteString;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.v1.IdentityReleaseServiceGrpc;
import org.idnet.identity.v1.ReleaseIdentityRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every grant that must release nothing (security.md, "Disclosure"): another caller, or a replayed
 * (see {@link ReleaseIdentityGrpcTest}), expired, altered, unknown-key or over-broad grant. Each is
 * refused with PERMISSION_DENIED grant-refused naming the failed check, and leaves no trace in the
 * replay store. The account holds every field, so a leak would show.
 */
class GrantRefusalGrpcTest {

  static HikariDataSource dataSource;
  static GrpcHarness grpc;
  static GrantSigner signer;
  static JdbcClient jdbc;
  static String account;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_grant_refusals");
    Path trusted = Files.createTempDirectory("grant-keys").resolve("grant-signing-public-keyset.json");
    signer = new GrantSigner().publish(trusted);
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).grantKeys(trusted).start();
    jdbc = TestDatabase.asOwner(dataSource);
    account = unique("subject");
    grpc.bind("platform-a", account, "+84912000701", unique("v"));
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

  static int used() {
    return jdbc.sql("SELECT count(*)::int FROM disclosure_grant_replay").query(Integer.class).single();
  }

  /** Asserts the refusal and that nothing was recorded; returns the check the description names. */
  static String refused(ReleaseIdentityRequest request) throws Exception {
    int before = used();
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> grpc.releases(DISCLOSURE).releaseIdentity(request));
    assertThat(e).as("refused").isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(errorInfo(e).getReason()).isEqualTo("grant-refused");
    assertThat(used()).isEqualTo(before);
    String description = e.getStatus().getDescription();
    String check = description.substring(description.indexOf('(') + 1, description.indexOf(')'));
    // disclosure-service decides from the metadata, not the description: both must name the check.
    assertThat(errorInfo(e).getMetadataMap()).containsExactly(java.util.Map.entry("check", check));
    return check;
  }

  @Test
  void refuseWhenGrantExpiredBeyondTheClockSkewButServeWithinIt() throws Exception {
    Instant issued = now().minus(Duration.ofSeconds(40));
    var atTheSkewLimit = grant("platform-a", account, issued, FULL_NAME).setExpiresAt(timestamp(now().minusSeconds(5)));
    var withinTheSkew = grant("platform-a", account, issued, FULL_NAME).setExpiresAt(timestamp(now().minusSeconds(4)));

    assertThat(refused(signer.sign(grant("platform-a", account, issued, FULL_NAME)))).isEqualTo("expired");
    assertThat(refused(signer.sign(grant("platform-a", account, now().minus(Duration.ofDays(2)), FULL_NAME))))
        .isEqualTo("expired");
    assertThat(refused(signer.sign(atTheSkewLimit))).isEqualTo("expired");
    assertThat(grpc.releases(DISCLOSURE).releaseIdentity(signer.sign(withinTheSkew)).getFound()).isTrue();
  }

  @Test
  void refuseWhenGrantIssuedInTheFutureOrLivingTooLongOrNotAtAll() throws Exception {
    Instant issued = now();

    assertThat(refused(signer.sign(grant("platform-a", account, issued.plusSeconds(10), FULL_NAME))))
        .isEqualTo("not-yet-valid");
    assertThat(refused(signer.sign(valid().setExpiresAt(timestamp(issued.plusSeconds(61)))))).isEqualTo("lifetime");
    assertThat(refused(signer.sign(valid().setExpiresAt(timestamp(issued.plus(Duration.ofDays(365)))))))
        .isEqualTo("lifetime");
    assertThat(refused(signer.sign(valid().setIssuedAt(timestamp(issued.plusSeconds(3)))
        .setExpiresAt(timestamp(issued.plusSeconds(3)))))).isEqualTo("lifetime");
    assertThat(refused(signer.sign(valid().clearIssuedAt()))).isEqualTo("lifetime");
  }

  @Test
  void refuseWhenOneByteOfTheGrantOrOfTheSignatureIsAltered() throws Exception {
    ReleaseIdentityRequest genuine = signer.sign(valid());
    for (int i : new int[] {0, genuine.getGrant().size() / 2, genuine.getGrant().size() - 1}) {
      byte[] grant = genuine.getGrant().toByteArray();
      grant[i] ^= 0x01;
      assertThat(refused(genuine.toBuilder().setGrant(ByteString.copyFrom(grant)).build())).isEqualTo("signature");
    }
    // Byte 1 is inside the TINK prefix (it names the key), byte 10 inside the Ed25519 signature proper.
    for (int i : new int[] {1, 10, genuine.getSignature().size() - 1}) {
      byte[] signature = genuine.getSignature().toByteArray();
      signature[i] ^= 0x01;
      assertThat(refused(genuine.toBuilder().setSignature(ByteString.copyFrom(signature)).build()))
          .isEqualTo("signature");
    }
    assertThat(refused(genuine.toBuilder().setSignature(ByteString.EMPTY).build())).isEqualTo("signature");
  }

  @Test
  void refuseWhenTheKeyIdNamesNoTrustedKeyOrTheSignerIsNotTrusted() throws Exception {
    GrantSigner stranger = new GrantSigner();
    ReleaseIdentityRequest genuine = signer.sign(valid());

    assertThat(refused(stranger.sign(valid()))).isEqualTo("unknown-key");
    assertThat(refused(stranger.sign(valid()).toBuilder().setKeyId(signer.keyId()).build())).isEqualTo("signature");
    assertThat(refused(genuine.toBuilder().setKeyId(stranger.keyId()).build())).isEqualTo("unknown-key");
    for (String keyId : new String[] {"", "not-a-number", "-1", "99999999999", signer.keyId() + "0"}) {
      assertThat(refused(genuine.toBuilder().setKeyId(keyId).build())).as(keyId).isEqualTo("unknown-key");
    }
  }

  @Test
  void refuseWhenTheGrantIsForAnotherAudienceOrNamesNothingReleasable() throws Exception {
    assertThat(refused(signer.sign(valid().setAudience("disclosure-service")))).isEqualTo("audience");
    assertThat(refused(signer.sign(valid().clearAudience()))).isEqualTo("audience");
    assertThat(refused(signer.sign(valid().clearFields()))).isEqualTo("fields");
    assertThat(refused(signer.sign(valid().addFields(IDENTITY_FIELD_UNSPECIFIED)))).isEqualTo("fields");
    assertThat(refused(signer.sign(valid().addFieldsValue(99)))).isEqualTo("fields");
    assertThat(refused(signer.sign(valid().setAccountId("a/b")))).isEqualTo("account");
    assertThat(refused(signer.sign(valid().clearPlatformId()))).isEqualTo("account");
    assertThat(refused(signer.sign(valid().setGrantId("grant-1")))).isEqualTo("ids");
    assertThat(refused(signer.sign(valid().setRequestId("")))).isEqualTo("ids");
    assertThat(refused(signer.sign(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}))).isEqualTo("malformed");
  }

  @Test
  void aCallerWithoutTheDisclosureRoleIsStoppedByTheInterceptorAndTheGrantStaysUnused() {
    ReleaseIdentityRequest request = signer.sign(valid());

    for (var caller : new org.idnet.caller.Caller[] {PLATFORM_A, OTP}) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> grpc.releases(caller).releaseIdentity(request));
      assertThat(e.getStatus().getCode()).as(caller.subject()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(e.getStatus().getDescription()).doesNotContain("grant");
    }
    StatusRuntimeException unsigned = catchThrowableOfType(StatusRuntimeException.class, () -> IdentityReleaseServiceGrpc
        .newBlockingStub(grpc.channel()).withDeadlineAfter(10, TimeUnit.SECONDS).releaseIdentity(request));
    assertThat(unsigned.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);

    // Nothing was consumed: the disclosure service itself can still use the grant, once.
    assertThat(grpc.releases(DISCLOSURE).releaseIdentity(request).getFound()).isTrue();
  }
}
