package org.idnet.caller.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.nimbusds.jose.jwk.JWK;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.caller.Peer;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.disclosure.v1.CreateDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureRequestServiceGrpc;
import org.idnet.disclosure.v1.GetDisclosureRequestRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real in-process server behind the production pair of interceptors (caller, then evidence) and
 * a real issuer over HTTP: an authority-bearing call passes only with the official's own token.
 */
class EvidenceServerInterceptorTest {

  private static final Caller OFFICER = TestIssuer.official("officer-1", "agency-a", "agency-officer");

  private final AtomicReference<Evidence> seen = new AtomicReference<>();
  private final AtomicInteger reads = new AtomicInteger();
  private TestIssuer issuer;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    issuer = TestIssuer.start();
    serve(new IssuerKeys(issuer.issuer(), null, null, Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofMinutes(5)));
  }

  private void serve(IssuerKeys keys) throws Exception {
    EvidenceVerifier verifier = new EvidenceVerifier(keys, TestIssuer.AUDIENCE, Clock.systemUTC(), Duration.ofSeconds(30));
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(new DisclosureRequestServiceGrpc.DisclosureRequestServiceImplBase() {
          @Override
          public void createDisclosureRequest(CreateDisclosureRequestRequest request, StreamObserver<DisclosureRequest> out) {
            seen.set(Evidence.current().orElseThrow());
            out.onNext(DisclosureRequest.getDefaultInstance());
            out.onCompleted();
          }

          @Override
          public void getDisclosureRequest(GetDisclosureRequestRequest request, StreamObserver<DisclosureRequest> out) {
            assertThat(Evidence.current()).isEmpty();
            reads.incrementAndGet();
            out.onNext(DisclosureRequest.getDefaultInstance());
            out.onCompleted();
          }
        }, new EvidenceServerInterceptor(verifier), new CallerServerInterceptor(
            // In-process calls have no TLS session: every call here comes from the gateway's peer.
            (call, headers) -> java.util.Optional.of(new Peer("gateway")))))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    issuer.close();
  }

  private DisclosureRequestServiceGrpc.DisclosureRequestServiceBlockingStub stub(Caller caller, String token) {
    var stub = DisclosureRequestServiceGrpc.newBlockingStub(channel).withInterceptors(CallerMetadata.attaching(caller));
    return token == null ? stub : stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(EvidenceMetadata.of(token)));
  }

  private void assertRefused(Caller caller, String token, Status.Code code, String check) {
    assertThatThrownBy(() -> stub(caller, token).createDisclosureRequest(CreateDisclosureRequestRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(code);
          assertThat(e.getStatus().getDescription()).contains("evidence refused (" + check + ")");
          // A reason, so the gateway answers the official (401/403) instead of taking it for its own fault.
          assertThat(errorInfo(e).getReason()).isEqualTo("evidence-refused");
          assertThat(errorInfo(e).getDomain()).isEqualTo("idnet.org");
          assertThat(errorInfo(e).getMetadataMap()).containsEntry("check", check);
        });
    assertThat(seen.get()).isNull();
  }

  private static ErrorInfo errorInfo(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("status details").isNotNull();
    return status.getDetailsList().stream().filter(any -> any.is(ErrorInfo.class)).findFirst().map(any -> {
      try {
        return any.unpack(ErrorInfo.class);
      } catch (com.google.protobuf.InvalidProtocolBufferException x) {
        throw new AssertionError(x);
      }
    }).orElseThrow(() -> new AssertionError("no ErrorInfo in " + e.getStatus()));
  }

  @Test
  void theOfficialsOwnTokenLetsTheCallThroughAndReachesTheHandler() {
    String token = issuer.tokenFor(OFFICER);
    stub(OFFICER, token).createDisclosureRequest(CreateDisclosureRequestRequest.getDefaultInstance());
    assertThat(seen.get().token()).isEqualTo(token);
    assertThat(seen.get().official()).isEqualTo("officer-1");
    assertThat(seen.get().agencyId()).isEqualTo("agency-a");
    assertThat(seen.get().toString()).doesNotContain(token);
  }

  @Test
  void anAuthorityBearingCallWithoutEvidenceIsRefused() {
    assertRefused(OFFICER, null, Status.Code.UNAUTHENTICATED, "missing");
  }

  @Test
  void aMethodWithoutEvidenceInItsPolicyNeedsNone() {
    stub(OFFICER, null).getDisclosureRequest(GetDisclosureRequestRequest.getDefaultInstance());
    assertThat(reads).hasValue(1);
  }

  @Test
  void issuerKeysThatCannotBeFetchedAnswerUnavailableWithARetryNotARefusal() throws Exception {
    channel.shutdownNow();
    server.shutdownNow();
    // Nothing listens on port 1: the keys cannot be fetched, and none were fetched before.
    serve(new IssuerKeys(issuer.issuer(), URI.create("http://127.0.0.1:1/jwks"), null, Clock.systemUTC(),
        Duration.ofMinutes(1), Duration.ofMinutes(5)));

    assertThatThrownBy(() -> stub(OFFICER, issuer.tokenFor(OFFICER))
        .createDisclosureRequest(CreateDisclosureRequestRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(errorInfo(e).getReason()).isEqualTo("keys-unavailable");
          assertThat(StatusProto.fromThrowable(e).getDetailsList()).anySatisfy(any -> assertThat(any.is(RetryInfo.class))
              .isTrue());
        });
    assertThat(seen.get()).isNull();
  }

  @Test
  void aForgedTokenIsRefused() {
    assertRefused(OFFICER, issuer.forged(OFFICER), Status.Code.UNAUTHENTICATED, "signature");
    assertRefused(OFFICER, "not.a.jwt", Status.Code.UNAUTHENTICATED, "malformed");
  }

  @Test
  void anExpiredTokenIsRefused() {
    Instant then = Instant.now().minus(Duration.ofMinutes(10));
    assertRefused(OFFICER, issuer.token(OFFICER, c -> c.issueTime(Date.from(then))
        .expirationTime(Date.from(then.plus(Duration.ofMinutes(5))))), Status.Code.UNAUTHENTICATED, "expired");
  }

  @Test
  void aTokenOfAnotherIssuerOrAudienceIsRefused() {
    assertRefused(OFFICER, issuer.token(OFFICER, c -> c.issuer("https://elsewhere.example/realms/idnet")),
        Status.Code.UNAUTHENTICATED, "issuer");
    assertRefused(OFFICER, issuer.token(OFFICER, c -> c.audience("account")), Status.Code.UNAUTHENTICATED, "audience");
  }

  @Test
  void aValidTokenOfAnotherOfficialIsRefused() {
    String colleague = issuer.tokenFor(TestIssuer.official("officer-2", "agency-a", "agency-officer"));
    assertRefused(OFFICER, colleague, Status.Code.PERMISSION_DENIED, "official");
  }

  @Test
  void aTokenOfTheSameNameInAnotherAgencyIsRefused() {
    String other = issuer.tokenFor(TestIssuer.official("officer-1", "agency-b", "agency-officer"));
    assertRefused(OFFICER, other, Status.Code.PERMISSION_DENIED, "agency");
  }

  @Test
  void aTokenWithoutTheRoleTheCallerClaimsIsRefused() {
    String plain = issuer.token(OFFICER, c -> c.claim("realm_access", Map.of("roles", List.of("offline_access"))));
    assertRefused(OFFICER, plain, Status.Code.PERMISSION_DENIED, "roles");
  }

  @Test
  void madeUpKeyIdsFetchTheKeysAtMostOnceAMinute() {
    stub(OFFICER, issuer.tokenFor(OFFICER)).createDisclosureRequest(CreateDisclosureRequestRequest.getDefaultInstance());
    int fetches = issuer.jwksFetches();
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> stub(OFFICER, issuer.forgedWithUnknownKeyId(OFFICER))
          .createDisclosureRequest(CreateDisclosureRequestRequest.getDefaultInstance()))
          .isInstanceOf(StatusRuntimeException.class);
    }
    assertThat(issuer.jwksFetches()).isLessThanOrEqualTo(fetches + 1);
  }

  @Test
  void anArchivedKeyStillVerifiesAfterTheIssuerRotatedItAway() {
    Map<String, JWK> kept = new ConcurrentHashMap<>();
    KeyArchive archive = new KeyArchive() {
      @Override
      public Optional<JWK> find(String keyId) {
        return Optional.ofNullable(kept.get(keyId));
      }

      @Override
      public void remember(List<JWK> keys) {
        keys.forEach(k -> kept.put(k.getKeyID(), k));
      }
    };
    String old = issuer.tokenFor(OFFICER);
    EvidenceVerifier later = new EvidenceVerifier(new IssuerKeys(issuer.issuer(), null, archive, Clock.systemUTC(),
        Duration.ZERO, Duration.ofMinutes(5)), TestIssuer.AUDIENCE, Clock.systemUTC(), Duration.ofSeconds(30));
    assertThat(later.verify(old, false).official()).isEqualTo("officer-1");
    issuer.rotate();
    assertThat(later.verify(issuer.tokenFor(OFFICER), false).official()).isEqualTo("officer-1");
    assertThat(kept).hasSize(2);
    assertThat(later.verify(old, false).official()).isEqualTo("officer-1");
    EvidenceVerifier withoutArchive = new EvidenceVerifier(new IssuerKeys(issuer.issuer(), null, null,
        Clock.systemUTC(), Duration.ZERO, Duration.ofMinutes(5)), TestIssuer.AUDIENCE, Clock.systemUTC(),
        Duration.ofSeconds(30));
    assertThatThrownBy(() -> withoutArchive.verify(old, false)).isInstanceOfSatisfying(InvalidEvidenceException.class,
        e -> assertThat(e.check()).isEqualTo("signature"));
  }
}
