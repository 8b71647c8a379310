package org.idnet.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.BindPhoneRequest;
import org.idnet.identity.v1.BindPhoneResponse;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.CheckAccountResponse;
import org.idnet.identity.v1.PhoneBindingServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real in-process server and stub: the policy from the proto contract, enforced on every call. */
class CallerServerInterceptorTest {

  private static final byte[] KEY = "caller-identity-test-key-0123456789abcdef".getBytes();
  private final CallerCodec codec = new CallerCodec(KEY, Clock.systemUTC(), Duration.ofSeconds(60));
  private final AtomicReference<Caller> seen = new AtomicReference<>();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    CallerServerInterceptor interceptor = new CallerServerInterceptor(codec);
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(new AccountVerificationServiceGrpc.AccountVerificationServiceImplBase() {
          @Override
          public void checkAccount(CheckAccountRequest request, StreamObserver<CheckAccountResponse> out) {
            seen.set(Caller.current());
            out.onNext(CheckAccountResponse.newBuilder().setVerification(AccountVerification.newBuilder()
                .setAccountId(request.getAccountId())).build());
            out.onCompleted();
          }
        }, interceptor))
        .addService(ServerInterceptors.intercept(new PhoneBindingServiceGrpc.PhoneBindingServiceImplBase() {
          @Override
          public void bindPhone(BindPhoneRequest request, StreamObserver<BindPhoneResponse> out) {
            seen.set(Caller.current());
            out.onNext(BindPhoneResponse.getDefaultInstance());
            out.onCompleted();
          }
        }, interceptor))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private static Caller platform(String id) {
    return new Caller("sa-" + id, id, "", Set.of("platform"));
  }

  @Test
  void aSignedCallerWithTheRoleReachesTheHandlerThroughTheContext() {
    var stub = AccountVerificationServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(new CallerCredentials(platform("platform-a"), codec));
    stub.checkAccount(CheckAccountRequest.newBuilder().setAccountId("acc-1").build());
    assertThat(seen.get()).isEqualTo(platform("platform-a"));
    assertThat(seen.get().platformId()).isEqualTo("platform-a");
  }

  @Test
  void noCallerIsUnauthenticated() {
    var stub = AccountVerificationServiceGrpc.newBlockingStub(channel);
    assertThatThrownBy(() -> stub.checkAccount(CheckAccountRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(seen.get()).isNull();
  }

  @Test
  void aCallerSignedWithAnotherKeyOrAlteredIsUnauthenticated() {
    CallerCodec forger = new CallerCodec("some-other-key-that-is-long-enough-0123".getBytes(), Clock.systemUTC(), Duration.ofSeconds(60));
    var forged = AccountVerificationServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(new CallerCredentials(platform("platform-a"), forger));
    assertThatThrownBy(() -> forged.checkAccount(CheckAccountRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

    Metadata altered = CallerMetadata.of(platform("platform-a"), codec);
    altered.put(CallerMetadata.CALLER, altered.get(CallerMetadata.CALLER).replace("platform-a", "platform-b"));
    var swapped = AccountVerificationServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(altered));
    assertThatThrownBy(() -> swapped.checkAccount(CheckAccountRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(seen.get()).isNull();
  }

  @Test
  void aStaleCallerIsRefusedSoCapturedMetadataCannotBeReplayedLater() {
    Clock past = Clock.fixed(Instant.now().minusSeconds(120), ZoneOffset.UTC);
    CallerCodec old = new CallerCodec(KEY, past, Duration.ofSeconds(60));
    var stub = AccountVerificationServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(new CallerCredentials(platform("platform-a"), old));
    assertThatThrownBy(() -> stub.checkAccount(CheckAccountRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void aPlatformCannotCallAnInternalMethod() {
    var stub = PhoneBindingServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(new CallerCredentials(platform("platform-a"), codec));
    assertThatThrownBy(() -> stub.bindPhone(BindPhoneRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    assertThat(seen.get()).isNull();
    var internal = PhoneBindingServiceGrpc.newBlockingStub(channel).withCallCredentials(new CallerCredentials(
        new Caller("phone-otp-service", "phone-otp-service", "", Set.of("internal:phone-otp")), codec));
    internal.bindPhone(BindPhoneRequest.getDefaultInstance());
    assertThat(seen.get().roles()).containsExactly("internal:phone-otp");
  }

  @Test
  void fieldsWithSeparatorsSurviveEncoding() {
    Caller odd = new Caller("a|b,c", "client|x", "agency,1", Set.of("agency-officer"));
    String encoded = codec.encode(odd);
    assertThat(codec.verify(encoded, codec.sign(encoded))).isEqualTo(odd);
  }

  @Test
  void shortKeysAreRefused() {
    assertThatThrownBy(() -> CallerCodec.fromBase64Key("c2hvcnQ=")).hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> CallerCodec.fromBase64Key("")).hasMessageContaining("not set");
  }
}
