package org.idnet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.Peer;
import org.idnet.caller.PeerResolver;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.BindPhoneRequest;
import org.idnet.identity.v1.BindPhoneResponse;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.CheckAccountResponse;
import org.idnet.identity.v1.IdentityReleaseServiceGrpc;
import org.idnet.identity.v1.PhoneBindingServiceGrpc;
import org.idnet.identity.v1.ReleaseIdentityRequest;
import org.idnet.identity.v1.ReleaseIdentityResponse;
import org.idnet.tls.dev.DevelopmentCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * identity-service's three kinds of method behind the production server credentials and caller
 * check, on a real TCP port, called by real Netty clients: who gets in, and who does not.
 */
class MutualTlsSocketTest {

  private static final Duration VALID = Duration.ofHours(1);
  private static final Caller PLATFORM = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));

  @TempDir
  Path root;
  private DevelopmentCa ca;
  private Path identityDir;
  private MutualTls identityTls;
  private Server server;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final AtomicReference<Peer> seenPeer = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    ca = DevelopmentCa.create("test CA", VALID);
    identityDir = ca.issue("identity-service", VALID).writeTo(root.resolve("identity-service"));
    identityTls = MutualTls.load(TlsDirectory.require(identityDir), Duration.ofMillis(100));
    CallerServerInterceptor callers = new CallerServerInterceptor(PeerResolver.mutualTls());
    server = NettyServerBuilder.forPort(0, identityTls.serverCredentials())
        .addService(ServerInterceptors.intercept(new AccountVerificationServiceGrpc.AccountVerificationServiceImplBase() {
          @Override
          public void checkAccount(CheckAccountRequest request, StreamObserver<CheckAccountResponse> out) {
            seenPeer.set(Peer.current());
            assertThat(Caller.current()).isEqualTo(PLATFORM);
            out.onNext(CheckAccountResponse.getDefaultInstance());
            out.onCompleted();
          }
        }, callers))
        .addService(ServerInterceptors.intercept(new PhoneBindingServiceGrpc.PhoneBindingServiceImplBase() {
          @Override
          public void bindPhone(BindPhoneRequest request, StreamObserver<BindPhoneResponse> out) {
            seenPeer.set(Peer.current());
            out.onNext(BindPhoneResponse.getDefaultInstance());
            out.onCompleted();
          }
        }, callers))
        .addService(ServerInterceptors.intercept(new IdentityReleaseServiceGrpc.IdentityReleaseServiceImplBase() {
          @Override
          public void releaseIdentity(ReleaseIdentityRequest request, StreamObserver<ReleaseIdentityResponse> out) {
            seenPeer.set(Peer.current());
            out.onNext(ReleaseIdentityResponse.getDefaultInstance());
            out.onCompleted();
          }
        }, callers))
        .addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), callers))
        .build().start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    identityTls.close();
  }

  private String target() {
    return "localhost:" + server.getPort();
  }

  private <T extends ManagedChannel> T track(T channel) {
    open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  /** A channel of {@code service} (its certificate from the test CA) to identity-service. */
  private ManagedChannel as(String service) {
    MutualTls tls = MutualTls.load(TlsDirectory.require(ca.issue(service, VALID).writeTo(root.resolve(service))),
        Duration.ofMinutes(1));
    open.add(tls);
    return track(tls.channel(target(), "identity-service").build());
  }

  private static void assertRefused(Runnable call, Status.Code code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code));
  }

  private static <S extends io.grpc.stub.AbstractStub<S>> S deadline(S stub) {
    return stub.withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static AccountVerificationServiceGrpc.AccountVerificationServiceBlockingStub checks(Channel channel) {
    return deadline(AccountVerificationServiceGrpc.newBlockingStub(channel)
        .withInterceptors(CallerMetadata.attaching(PLATFORM)));
  }

  @Test
  void eachPeerCallsWhatTheContractAllowsIt() {
    checks(as("gateway")).checkAccount(CheckAccountRequest.getDefaultInstance());
    assertThat(seenPeer.get()).isEqualTo(new Peer("gateway"));
    deadline(PhoneBindingServiceGrpc.newBlockingStub(as("phone-otp-service"))).bindPhone(BindPhoneRequest.getDefaultInstance());
    assertThat(seenPeer.get()).isEqualTo(new Peer("phone-otp-service"));
    deadline(IdentityReleaseServiceGrpc.newBlockingStub(as("disclosure-service")))
        .releaseIdentity(ReleaseIdentityRequest.getDefaultInstance());
    assertThat(seenPeer.get()).isEqualTo(new Peer("disclosure-service"));
  }

  @Test
  void peerWithTheCertificateOfTheWrongServiceIsDenied() {
    assertRefused(() -> deadline(IdentityReleaseServiceGrpc.newBlockingStub(as("phone-otp-service")))
        .releaseIdentity(ReleaseIdentityRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED);
    assertRefused(() -> checks(as("disclosure-service")).checkAccount(CheckAccountRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED);
    assertRefused(() -> deadline(PhoneBindingServiceGrpc.newBlockingStub(as("gateway")))
        .bindPhone(BindPhoneRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED);
    assertRefused(() -> deadline(PhoneBindingServiceGrpc.newBlockingStub(as("gateway"))
        .withInterceptors(CallerMetadata.attaching(PLATFORM))).bindPhone(BindPhoneRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED);
    assertThat(seenPeer.get()).isNull();
  }

  @Test
  void callerStatedByAPeerOtherThanTheGatewayIsRefused() {
    Caller official = new Caller("officer-1", "agency-portal", "agency-1", Set.of("agency-officer"));
    assertRefused(() -> deadline(PhoneBindingServiceGrpc.newBlockingStub(as("phone-otp-service"))
        .withInterceptors(CallerMetadata.attaching(official))).bindPhone(BindPhoneRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED);
    assertRefused(() -> checks(as("phone-otp-service")).checkAccount(CheckAccountRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED);
    assertThat(seenPeer.get()).isNull();
  }

  @Test
  void certificateNamingNoIdnetServiceIsUnauthenticated() {
    Path odd = ca.issueForUri("spiffe://elsewhere/gateway", VALID).writeTo(root.resolve("elsewhere"));
    MutualTls tls = MutualTls.load(TlsDirectory.require(odd), Duration.ofMinutes(1));
    open.add(tls);
    assertRefused(() -> checks(track(tls.channel(target(), "identity-service").build()))
        .checkAccount(CheckAccountRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED);
  }

  @Test
  void plaintextClientIsRefused() {
    ManagedChannel plain = track(NettyChannelBuilder.forTarget(target()).usePlaintext().build());
    assertRefused(() -> checks(plain).checkAccount(CheckAccountRequest.getDefaultInstance()), Status.Code.UNAVAILABLE);
    assertThat(seenPeer.get()).isNull();
  }

  @Test
  void clientWithoutCertificateIsRefused() throws Exception {
    ManagedChannel anonymous = track(NettyChannelBuilder.forTarget(target())
        .sslContext(GrpcSslContexts.forClient().trustManager(identityDir.resolve("ca.crt").toFile()).build()).build());
    assertRefused(() -> deadline(HealthGrpc.newBlockingStub(anonymous)).check(HealthCheckRequest.getDefaultInstance()),
        Status.Code.UNAVAILABLE);
  }

  @Test
  void clientWithACertificateOfAnotherCaIsRefused() {
    DevelopmentCa other = DevelopmentCa.create("another CA", VALID);
    Path dir = root.resolve("other-gateway");
    other.issue("gateway", VALID).writeTo(dir);
    // It trusts the real CA (so the server would pass) but presents a certificate the server does not trust.
    ca.issue("unused", VALID).writeTo(root.resolve("unused"));
    copy(root.resolve("unused/ca.crt"), dir.resolve("ca.crt"));
    MutualTls tls = MutualTls.load(TlsDirectory.require(dir), Duration.ofMinutes(1));
    open.add(tls);
    assertRefused(() -> checks(track(tls.channel(target(), "identity-service").build()))
        .checkAccount(CheckAccountRequest.getDefaultInstance()), Status.Code.UNAVAILABLE);
    assertThat(seenPeer.get()).isNull();
  }

  @Test
  void tls12ClientIsRefused() throws Exception {
    Path gateway = ca.issue("gateway", VALID).writeTo(root.resolve("gateway-12"));
    SslContextBuilder tls12 = GrpcSslContexts.forClient()
        .keyManager(gateway.resolve("tls.crt").toFile(), gateway.resolve("tls.key").toFile())
        .trustManager(gateway.resolve("ca.crt").toFile())
        .protocols("TLSv1.2");
    ManagedChannel old = track(NettyChannelBuilder.forTarget(target()).sslContext(tls12.build()).build());
    assertRefused(() -> checks(old).checkAccount(CheckAccountRequest.getDefaultInstance()), Status.Code.UNAVAILABLE);
    assertThat(seenPeer.get()).isNull();
  }

  @Test
  void clientRefusesAServerThatIsNotTheServiceItMeant() {
    Path dir = ca.issue("gateway", VALID).writeTo(root.resolve("gateway-wrong-target"));
    MutualTls tls = MutualTls.load(TlsDirectory.require(dir), Duration.ofMinutes(1));
    open.add(tls);
    ManagedChannel toOtp = track(tls.channel(target(), "phone-otp-service").build());
    assertRefused(() -> checks(toOtp).checkAccount(CheckAccountRequest.getDefaultInstance()), Status.Code.UNAVAILABLE);
    assertThat(seenPeer.get()).isNull();
  }

  @Test
  void rotatedCertificateOnDiskIsPresentedByTheNextConnectionWithoutRestart() throws Exception {
    SSLSession before = session(as("gateway"));
    assertThat(before.getProtocol()).isEqualTo("TLSv1.3");
    X509Certificate first = (X509Certificate) before.getPeerCertificates()[0];

    DevelopmentCa.Issued renewal = ca.issue("identity-service", VALID);
    renewal.writeTo(identityDir);
    X509Certificate renewed = renewal.certificate();
    assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    X509Certificate presented = first;
    while (!presented.equals(renewed) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      presented = (X509Certificate) session(as("gateway")).getPeerCertificates()[0];
    }
    assertThat(presented).isEqualTo(renewed);
  }

  /** The TLS session of a health check over {@code channel}, as the client saw it. */
  private static SSLSession session(ManagedChannel channel) {
    AtomicReference<SSLSession> session = new AtomicReference<>();
    ClientInterceptor capture = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ClientCall<Q, R> call = next.newCall(method, options);
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onHeaders(Metadata answered) {
                session.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                super.onHeaders(answered);
              }
            }, headers);
          }
        };
      }
    };
    deadline(HealthGrpc.newBlockingStub(channel).withInterceptors(capture)).check(HealthCheckRequest.getDefaultInstance());
    return session.get();
  }

  private static void copy(Path from, Path to) {
    try {
      java.nio.file.Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
