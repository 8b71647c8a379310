package org.idnet.disclosure.release.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.idnet.disclosure.TestPeers;
import org.idnet.disclosure.release.domain.DisclosedFields;
import org.idnet.disclosure.release.domain.PhoneSource;
import org.idnet.disclosure.release.domain.GrantRefusedException;
import org.idnet.disclosure.release.domain.IdentityField;
import org.idnet.disclosure.release.domain.IdentityUnavailableException;
import org.idnet.disclosure.release.domain.ReleaseOutcome;
import org.idnet.disclosure.release.domain.SignedGrant;
import org.idnet.identity.v1.IdentityFields;
import org.idnet.identity.v1.ReleaseIdentityResponse;
import org.idnet.keysets.PublicKeysetFile;
import org.idnet.keysets.TinkRegistration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release client against a stand-in identity-service: grants issued here verify there with
 * the published public key, the caller is disclosure-service, answers map to outcomes and
 * failures to the two exceptions the workflow handles.
 */
class GrpcIdentityReleaserTest {

  @TempDir
  Path keys;

  IdentityStandIn identity;
  ManagedChannel channel;
  TinkGrantIssuer issuer;

  @BeforeEach
  void start() throws Exception {
    TinkRegistration.ensure();
    KeysetHandle signing = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    PublicKeysetFile.write(keys.resolve("grant-signing-public-keyset.json"), signing);
    identity = new IdentityStandIn(keys.resolve("grant-signing-public-keyset.json"));
    channel = InProcessChannelBuilder.forName(identity.name).intercept(TestPeers.as("disclosure-service")).build();
    issuer = new TinkGrantIssuer(signing, Clock.systemUTC(), Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    identity.close();
  }

  GrpcIdentityReleaser releaser(Duration deadline) {
    return new GrpcIdentityReleaser(channel, deadline);
  }

  SignedGrant grant(IdentityField... fields) {
    return issuer.issue(TestScopes.scope(UUID.randomUUID(), "platform-a", "alice", Set.of(fields)));
  }

  @Test
  void releaseWhenIdentityReleasesThenTheGrantedFieldsArriveAndTheGrantVerifiedThere() {
    identity.answer = grant -> ReleaseIdentityResponse.newBuilder().setFound(true).setFields(IdentityFields
        .newBuilder().setFullName("Nguyễn Thị Mai").setPhoneNumber("+84912345678")
        .setPhoneSource(org.idnet.identity.v1.PhoneSource.IMPORTED)
        .setPhonePlatformVerifiedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_763_625_600L).setNanos(654_321_000)))
        .build();
    SignedGrant grant = grant(IdentityField.FULL_NAME, IdentityField.PHONE_NUMBER);

    ReleaseOutcome outcome = releaser(Duration.ofSeconds(2)).release(grant);

    assertThat(outcome).isEqualTo(new ReleaseOutcome.Released(new DisclosedFields("Nguyễn Thị Mai", null, null,
        "+84912345678", PhoneSource.IMPORTED, java.time.Instant.ofEpochSecond(1_763_625_600L, 654_321_000))));
    assertThat(identity.callers).containsExactly("disclosure-service");
    assertThat(identity.verified).singleElement().satisfies(g -> {
      assertThat(g.getGrantId()).isEqualTo(grant.grantId());
      assertThat(g.getAccountId()).isEqualTo("alice");
    });
  }

  @Test
  void releaseWhenIdentityHoldsNothingThenNotFoundAtSource() {
    assertThat(releaser(Duration.ofSeconds(2)).release(grant(IdentityField.NATIONAL_ID)))
        .isInstanceOf(ReleaseOutcome.NotFoundAtSource.class);
  }

  @Test
  void releaseWhenTheGrantIsRefusedThenGrantRefusedNamingTheCheck() {
    identity.failure = IdentityStandIn.refusal("grant refused (replayed): the grant was used before");

    GrantRefusedException refused = catchThrowableOfType(GrantRefusedException.class,
        () -> releaser(Duration.ofSeconds(2)).release(grant(IdentityField.FULL_NAME)));

    assertThat(refused.getMessage()).contains("PERMISSION_DENIED grant-refused").contains("(replayed)");
  }

  /** The workflow decides from the check identity-service names, not from the description. */
  @Test
  void releaseWhenRefusedThenTheCheckFromTheErrorInfoTellsAFinalRefusalFromOneWorthRetrying() {
    identity.failure = IdentityStandIn.refusal("grant refused (evidence-stale): too late", "evidence-stale");
    GrantRefusedException stale = catchThrowableOfType(GrantRefusedException.class,
        () -> releaser(Duration.ofSeconds(2)).release(grant(IdentityField.FULL_NAME)));
    assertThat(stale.check()).contains("evidence-stale");
    assertThat(stale.isFinal()).isTrue();

    identity.failure = IdentityStandIn.refusal("grant refused (unknown-key): no such key", "unknown-key");
    GrantRefusedException keys = catchThrowableOfType(GrantRefusedException.class,
        () -> releaser(Duration.ofSeconds(2)).release(grant(IdentityField.FULL_NAME)));
    assertThat(keys.check()).contains("unknown-key");
    assertThat(keys.isFinal()).isFalse();

    // Without a check (an older identity-service, the caller check), or with one that is not a word: retried.
    identity.failure = IdentityStandIn.refusal("grant refused (approver-files): says the description only");
    assertThat(catchThrowableOfType(GrantRefusedException.class,
        () -> releaser(Duration.ofSeconds(2)).release(grant(IdentityField.FULL_NAME))).isFinal()).isFalse();
    identity.failure = IdentityStandIn.refusal("odd", "Evidence Stale!");
    assertThat(catchThrowableOfType(GrantRefusedException.class,
        () -> releaser(Duration.ofSeconds(2)).release(grant(IdentityField.FULL_NAME))).check()).isEmpty();
  }

  @Test
  void releaseWhenTheGrantWasAlteredOnTheWayThenRefusedThere() {
    SignedGrant genuine = grant(IdentityField.FULL_NAME);
    byte[] altered = genuine.grant();
    altered[altered.length - 1] ^= 1;

    assertThat(catchThrowableOfType(GrantRefusedException.class, () -> releaser(Duration.ofSeconds(2)).release(
        new SignedGrant(genuine.grantId(), altered, genuine.signature(), genuine.keyId(), genuine.expiresAt()))))
        .hasMessageContaining("(signature)");
    assertThat(identity.verified).isEmpty();
  }

  @Test
  void releaseWhenThePeerIsNotDisclosureServiceThenRefusedNotRetriedAsAnOutage() {
    ManagedChannel asOtp = InProcessChannelBuilder.forName(identity.name).intercept(TestPeers.as("phone-otp-service"))
        .build();
    ManagedChannel anonymous = InProcessChannelBuilder.forName(identity.name).build();
    try {
      GrantRefusedException denied = catchThrowableOfType(GrantRefusedException.class,
          () -> new GrpcIdentityReleaser(asOtp, Duration.ofSeconds(2)).release(grant(IdentityField.FULL_NAME)));
      GrantRefusedException unknown = catchThrowableOfType(GrantRefusedException.class,
          () -> new GrpcIdentityReleaser(anonymous, Duration.ofSeconds(2)).release(grant(IdentityField.FULL_NAME)));

      assertThat(denied.getMessage()).contains("PERMISSION_DENIED");
      assertThat(unknown.getMessage()).contains("UNAUTHENTICATED");
      assertThat(identity.callers).isEmpty();
    } finally {
      asOtp.shutdownNow();
      anonymous.shutdownNow();
    }
  }

  @Test
  void releaseWhenIdentityIsDownOrFailsThenUnavailable() {
    identity.failure = Status.INTERNAL.withDescription("internal error").asRuntimeException();
    assertThat(catchThrowableOfType(IdentityUnavailableException.class,
        () -> releaser(Duration.ofSeconds(2)).release(grant(IdentityField.FULL_NAME)))).hasMessageContaining("INTERNAL");

    identity.failure = Status.UNAVAILABLE.asRuntimeException();
    assertThat(catchThrowableOfType(IdentityUnavailableException.class,
        () -> releaser(Duration.ofSeconds(2)).release(grant(IdentityField.FULL_NAME)))).isNotNull();

    identity.close();
    IdentityUnavailableException down = catchThrowableOfType(IdentityUnavailableException.class,
        () -> releaser(Duration.ofSeconds(2)).release(grant(IdentityField.FULL_NAME)));
    assertThat(((StatusRuntimeException) down.getCause()).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void releaseWhenIdentityIsSlowerThanTheDeadlineThenUnavailableInTime() {
    identity.delay = Duration.ofSeconds(3);
    long started = System.nanoTime();

    IdentityUnavailableException late = catchThrowableOfType(IdentityUnavailableException.class,
        () -> releaser(Duration.ofMillis(300)).release(grant(IdentityField.FULL_NAME)));

    assertThat(((StatusRuntimeException) late.getCause()).getStatus().getCode())
        .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }
}
