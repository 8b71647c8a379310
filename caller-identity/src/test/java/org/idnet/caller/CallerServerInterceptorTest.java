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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.BindPhoneRequest;
import org.idnet.identity.v1.BindPhoneResponse;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.CheckAccountResponse;
import org.idnet.identity.v1.PhoneBindingServiceGrpc;
import org.idnet.identity.v1.AccountServiceGrpc;
import org.idnet.identity.v1.HostedSessionServiceGrpc;
import org.idnet.identity.v1.RegisterRealNameRequest;
import org.idnet.identity.v1.RegisterRealNameResponse;
import org.idnet.identity.v1.ResolveHostedSessionRequest;
import org.idnet.identity.v1.ResolveHostedSessionResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The policy from the proto contract on a real in-process server and stub. In-process calls have no
 * TLS session, so the peer comes from a test header here; the real mutual-TLS sessions are tested
 * over TCP in the internal-tls module ({@code MutualTlsSocketTest}).
 */
class CallerServerInterceptorTest {

  private static final Metadata.Key<String> TEST_PEER = Metadata.Key.of("x-test-peer", Metadata.ASCII_STRING_MARSHALLER);
  private final AtomicReference<Caller> seenCaller = new AtomicReference<>();
  private final AtomicReference<Peer> seenPeer = new AtomicReference<>();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    CallerServerInterceptor interceptor = new CallerServerInterceptor(
        (call, headers) -> Optional.ofNullable(headers.get(TEST_PEER)).map(Peer::new));
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(new AccountVerificationServiceGrpc.AccountVerificationServiceImplBase() {
          @Override
          public void checkAccount(CheckAccountRequest request, StreamObserver<CheckAccountResponse> out) {
            seenPeer.set(Peer.current());
            seenCaller.set(Caller.current());
            out.onNext(CheckAccountResponse.newBuilder().setVerification(AccountVerification.newBuilder()
                .setAccountId(request.getAccountId())).build());
            out.onCompleted();
          }
        }, interceptor))
        .addService(ServerInterceptors.intercept(new PhoneBindingServiceGrpc.PhoneBindingServiceImplBase() {
          @Override
          public void bindPhone(BindPhoneRequest request, StreamObserver<BindPhoneResponse> out) {
            seenPeer.set(Peer.current());
            out.onNext(BindPhoneResponse.getDefaultInstance());
            out.onCompleted();
          }
        }, interceptor))
        .addService(ServerInterceptors.intercept(new AccountServiceGrpc.AccountServiceImplBase() {
          @Override
          public void registerRealName(RegisterRealNameRequest request, StreamObserver<RegisterRealNameResponse> out) {
            seenCaller.set(Caller.current());
            out.onNext(RegisterRealNameResponse.getDefaultInstance());
            out.onCompleted();
          }
        }, interceptor))
        .addService(ServerInterceptors.intercept(new HostedSessionServiceGrpc.HostedSessionServiceImplBase() {
          @Override
          public void resolveHostedSession(ResolveHostedSessionRequest request,
              StreamObserver<ResolveHostedSessionResponse> out) {
            seenPeer.set(Peer.current());
            out.onNext(ResolveHostedSessionResponse.getDefaultInstance());
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

  private static Metadata from(String peer, Caller caller) {
    Metadata metadata = caller == null ? new Metadata() : CallerMetadata.of(caller);
    if (peer != null) {
      metadata.put(TEST_PEER, peer);
    }
    return metadata;
  }

  private AccountVerificationServiceGrpc.AccountVerificationServiceBlockingStub checks(String peer, Caller caller) {
    return AccountVerificationServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(from(peer, caller)));
  }

  private PhoneBindingServiceGrpc.PhoneBindingServiceBlockingStub binds(String peer, Caller caller) {
    return PhoneBindingServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(from(peer, caller)));
  }

  private static void assertRefused(Runnable call, Status.Code code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }

  @Test
  void callerStatedByTheGatewayWithTheRoleReachesTheHandlerThroughTheContext() {
    checks("gateway", platform("platform-a")).checkAccount(CheckAccountRequest.newBuilder().setAccountId("acc-1").build());
    assertThat(seenCaller.get()).isEqualTo(platform("platform-a"));
    assertThat(seenPeer.get()).isEqualTo(new Peer("gateway"));
  }

  @Test
  void callWithoutPeerIsUnauthenticated() {
    assertRefused(() -> checks(null, platform("platform-a")).checkAccount(CheckAccountRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED);
    assertThat(seenCaller.get()).isNull();
  }

  @Test
  void gatewayCallWithoutCallerIsUnauthenticatedAndMalformedCallerToo() {
    assertRefused(() -> checks("gateway", null).checkAccount(CheckAccountRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED);
    Metadata malformed = from("gateway", null);
    malformed.put(CallerMetadata.CALLER, "v1|123|a|b|c|platform");
    assertRefused(() -> AccountVerificationServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(malformed))
        .checkAccount(CheckAccountRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED);
    assertThat(seenCaller.get()).isNull();
  }

  @Test
  void externalMethodFromAnotherServiceIsDeniedEvenWithAPlatformCaller() {
    assertRefused(() -> checks("phone-otp-service", platform("platform-a")).checkAccount(
        CheckAccountRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED);
    assertRefused(() -> checks("disclosure-service", null).checkAccount(CheckAccountRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED);
    assertThat(seenCaller.get()).isNull();
  }

  @Test
  void callerWithoutTheRoleIsDenied() {
    Caller carrier = new Caller("sa-carrier", "carrier-1", "", Set.of("carrier"));
    assertRefused(() -> checks("gateway", carrier).checkAccount(CheckAccountRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED);
  }

  @Test
  void bindPhoneOnlyFromPhoneOtpServiceCallingAsItself() {
    binds("phone-otp-service", null).bindPhone(BindPhoneRequest.getDefaultInstance());
    assertThat(seenPeer.get()).isEqualTo(new Peer("phone-otp-service"));

    seenPeer.set(null);
    assertRefused(() -> binds("gateway", platform("platform-a")).bindPhone(BindPhoneRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED);
    assertRefused(() -> binds("disclosure-service", null).bindPhone(BindPhoneRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED);
    assertThat(seenPeer.get()).isNull();
  }

  @Test
  void callerFromAPeerOtherThanTheGatewayIsRefused() {
    Caller official = new Caller("officer-1", "agency-portal", "agency-1", Set.of("agency-officer"));
    assertRefused(() -> binds("phone-otp-service", official).bindPhone(BindPhoneRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED);
    assertThat(seenPeer.get()).isNull();
  }

  @Test
  void fieldsWithSeparatorsSurviveEncoding() {
    Caller odd = new Caller("a|b,c", "client|x", "agency,1", Set.of("agency-officer"));
    assertThat(CallerMetadata.decode(CallerMetadata.encode(odd))).isEqualTo(odd);
  }

  @Test
  void emptyRoleIsMalformed() { // found by CallerMetadataFuzzTest (input empty-role-after-decoding)
    for (String roles : new String[] {"%2Cagency-officer", "agency-officer%2C%2Cauditor", "agency-officer%2C"}) {
      assertThatThrownBy(() -> CallerMetadata.decode("v2|officer-1|agency-portal|agency-1|" + roles))
          .isInstanceOf(InvalidCallerException.class).hasMessage("malformed caller identity");
    }
  }

  private static Caller hostedSession(String platform) {
    return new Caller("hosted-session:vs_1", platform, "", Set.of("platform"), "vs_1", List.of("acc-1", "parent-1"));
  }

  @Test
  void aHostedSessionCallerReachesAHostedMethodWithItsSessionAndScope() {
    AccountServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(from("gateway", hostedSession("platform-a"))))
        .registerRealName(RegisterRealNameRequest.newBuilder().setAccountId("acc-1").build());
    assertThat(seenCaller.get().sessionId()).isEqualTo("vs_1");
    assertThat(seenCaller.get().accountScope()).containsExactly("acc-1", "parent-1");
    assertThat(seenCaller.get().platformId()).isEqualTo("platform-a");
  }

  @Test
  void aHostedSessionCallerIsRefusedOnAMethodWithoutTheHostedFlag() {
    assertRefused(() -> checks("gateway", hostedSession("platform-a"))
        .checkAccount(CheckAccountRequest.newBuilder().setAccountId("acc-1").build()), Status.Code.PERMISSION_DENIED);
    assertThat(seenCaller.get()).isNull();
    // The same platform without a session is let in: the session, not the platform, is refused.
    checks("gateway", platform("platform-a")).checkAccount(CheckAccountRequest.newBuilder().setAccountId("acc-1").build());
    assertThat(seenCaller.get()).isEqualTo(platform("platform-a"));
  }

  @Test
  void aMethodThatNamesTheGatewayAmongItsPeersIsCalledByTheGatewayAsItselfOnly() {
    HostedSessionServiceGrpc.HostedSessionServiceBlockingStub fromGateway = HostedSessionServiceGrpc
        .newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(from("gateway", null)));
    fromGateway.resolveHostedSession(ResolveHostedSessionRequest.getDefaultInstance());
    assertThat(seenPeer.get()).isEqualTo(new Peer("gateway"));
    seenPeer.set(null);
    // A caller stated on it has none of its (no) roles; another service is no peer of it.
    assertRefused(() -> HostedSessionServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(from("gateway", platform("platform-a"))))
        .resolveHostedSession(ResolveHostedSessionRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED);
    assertRefused(() -> HostedSessionServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(from("phone-otp-service", null)))
        .resolveHostedSession(ResolveHostedSessionRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED);
    assertThat(seenPeer.get()).isNull();
  }
}
