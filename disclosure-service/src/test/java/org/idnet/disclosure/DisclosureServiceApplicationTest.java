package org.idnet.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.signature.Ed25519Parameters;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.PeerResolver;
import org.idnet.headers.ForwardedHeader;
import org.idnet.tls.MutualTls;
import org.idnet.tls.TlsDirectory;
import org.idnet.caller.evidence.EvidenceMetadata;
import org.idnet.caller.evidence.TestIssuer;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.idnet.disclosure.requests.Catalogues;
import org.idnet.disclosure.requests.FakeIdentityService;
import org.idnet.disclosure.requests.Messages;
import org.idnet.disclosure.support.DisclosureDatabase;
import org.idnet.disclosure.v1.ApproveDisclosureRequestRequest;
import org.idnet.disclosure.v1.AuditLogServiceGrpc;
import org.idnet.disclosure.v1.DisclosureRequestServiceGrpc;
import org.idnet.disclosure.v1.DisclosureStatus;
import org.idnet.disclosure.v1.GetDisclosurePackageRequest;
import org.idnet.disclosure.v1.GetTransparencyReportRequest;
import org.idnet.disclosure.v1.LegalBasisServiceGrpc;
import org.idnet.disclosure.v1.ListLegalBasesRequest;
import org.idnet.disclosure.v1.TransparencyReportServiceGrpc;
import org.idnet.disclosure.v1.VerifyAuditLogRequest;
import org.idnet.identity.v1.IdentityField;
import org.idnet.keysets.PublicKeysetFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real application on random ports, against a real PostgreSQL (migrated by the owner, run as
 * the app role), keysets generated in a temporary directory, and a stand-in identity-service on a
 * real socket that verifies grants with the public key the service publishes: the wiring of every
 * feature, from a request to its package and the audit log's verification.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DisclosureServiceApplicationTest {

  /** A test CA's certificates: this service's, the fake identity-service's and the gateway's. */
  static final Path TLS = TestPeers.certificates("disclosure-service", "identity-service", "gateway");
  static final MutualTls IDENTITY_TLS = MutualTls.load(TlsDirectory.require(TLS.resolve("identity-service")),
      java.time.Duration.ofMinutes(1));
  static final MutualTls GATEWAY_TLS = MutualTls.load(TlsDirectory.require(TLS.resolve("gateway")),
      java.time.Duration.ofMinutes(1));
  static final Caller OFFICER = new Caller("officer-1", "officer-1", "agency-1", Set.of("agency-officer"));
  static final Caller SUPERVISOR = new Caller("supervisor-1", "supervisor-1", "agency-1", Set.of("agency-supervisor"));
  static final Caller AUDITOR = new Caller("auditor-1", "auditor-1", "", Set.of("auditor"));
  static Path keys;
  static Server identity;
  static final TestIssuer ISSUER = TestIssuer.start();
  static ManagedChannel channel;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    DisclosureDatabase.create().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    keys = Files.createTempDirectory("disclosure-app-keys");
    Path publicGrantKeys = keys.resolve("grant-signing-public-keyset.json");
    // identity-service's stand-in over mutual TLS, with the production caller check: the release
    // below passes only if disclosure-service presents its own certificate.
    identity = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forPort(0, IDENTITY_TLS.serverCredentials())
        .addService(ServerInterceptors.intercept(new FakeIdentityService(
            () -> PublicKeysetFile.read(publicGrantKeys, Ed25519Parameters.class), Clock.systemUTC()),
            new CallerServerInterceptor(PeerResolver.mutualTls())))
        .build().start();
    registry.add("idnet.tls.directory", () -> TLS.resolve("disclosure-service").toString());
    registry.add("idnet.disclosure.keys.directory", keys::toString);
    registry.add("idnet.disclosure.keys.create-if-missing", () -> "true");
    registry.add("idnet.disclosure.keys.grant-public-keyset-file", publicGrantKeys::toString);
    registry.add("idnet.disclosure.identity.target", () -> "localhost:" + identity.getPort());
    registry.add("idnet.disclosure.legal-bases[0].code", () -> Catalogues.CYBERSEC_ART26);
    registry.add("idnet.disclosure.legal-bases[0].title", () -> "Law on Cybersecurity 2018, Article 26");
    registry.add("idnet.disclosure.legal-bases[0].allowed-fields", () -> "FULL_NAME,PHONE_NUMBER");
    registry.add("idnet.disclosure.legal-bases[0].emergency-allowed", () -> "true");
    registry.add("spring.grpc.server.port", () -> "0");
    registry.add("idnet.evidence.issuer-uri", ISSUER::issuer);
  }

  /** Learns the gRPC server's random port when it starts. */
  @TestConfiguration(proxyBeanMethods = false)
  static class GrpcPort implements ApplicationListener<GrpcServerStartedEvent> {
    volatile int port;

    @Override
    public void onApplicationEvent(GrpcServerStartedEvent event) {
      port = event.getPort();
    }
  }

  @Autowired
  GrpcPort grpcPort;

  @Value("${local.server.port}")
  int httpPort;

  ManagedChannel channel() {
    if (channel == null) {
      channel = GATEWAY_TLS.channel("localhost:" + grpcPort.port, "disclosure-service").build();
    }
    return channel;
  }

  @AfterAll
  static void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
    identity.shutdownNow();
    IDENTITY_TLS.close();
    GATEWAY_TLS.close();
    ISSUER.close();
  }

  String http(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  /** The caller's stub; its calls carry the official's own token as evidence, as the gateway forwards it. */
  DisclosureRequestServiceGrpc.DisclosureRequestServiceBlockingStub requests(Caller caller) {
    return DisclosureRequestServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(20, TimeUnit.SECONDS)
        .withInterceptors(CallerMetadata.attaching(caller))
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(EvidenceMetadata.of(
            ISSUER.token(caller, claims -> claims.claim("auth_time", java.time.Instant.now().getEpochSecond())
                .claim("amr", java.util.List.of("pwd", "otp"))))));
  }

  static Metadata ifMatch(String digest) {
    Metadata headers = new Metadata();
    headers.put(ForwardedHeader.IF_MATCH.metadataKey(), "\"" + digest + "\"");
    return headers;
  }

  @Test
  void grpcHealthIsServedBySpringGrpcOverARealSocket() {
    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());
    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void livenessAndReadinessAreUpAndMetricsExposed() throws Exception {
    assertThat(http("/actuator/health/liveness")).contains("\"status\":\"UP\"");
    assertThat(http("/actuator/health/readiness")).contains("\"status\":\"UP\"");
    assertThat(http("/actuator/prometheus")).contains("jvm_memory_used_bytes");
  }

  @Test
  void lifecycleWhenFiledApprovedAndReadThenPackageHoldsTheFieldsAndTheAuditLogVerifies() {
    assertThat(LegalBasisServiceGrpc.newBlockingStub(channel()).withInterceptors(CallerMetadata.attaching(OFFICER)).listLegalBases(ListLegalBasesRequest.getDefaultInstance()).getLegalBases(0).getAllowedFieldsList())
        .containsExactly(IdentityField.FULL_NAME, IdentityField.PHONE_NUMBER);

    var filed = requests(OFFICER).createDisclosureRequest(Messages.create(Catalogues.CYBERSEC_ART26,
        IdentityField.PHONE_NUMBER).build());
    String id = filed.getId();
    assertThat(requests(SUPERVISOR).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(ifMatch(
        filed.getDigest()))).approveDisclosureRequest(ApproveDisclosureRequestRequest.newBuilder().setId(id)
        .build()).getStatus()).isEqualTo(DisclosureStatus.DISCLOSED);
    var disclosed = requests(OFFICER).getDisclosurePackage(GetDisclosurePackageRequest.newBuilder().setId(id).build());
    assertThat(disclosed.getFields().getPhoneNumber()).isEqualTo(FakeIdentityService.PERSON.phoneNumber());
    assertThat(disclosed.getFields().hasFullName()).isFalse();

    var verification = AuditLogServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(20, TimeUnit.SECONDS)
        .withInterceptors(CallerMetadata.attaching(AUDITOR)).verifyAuditLog(VerifyAuditLogRequest
            .getDefaultInstance());
    assertThat(verification.getValid()).isTrue();
    assertThat(verification.getSize()).isGreaterThanOrEqualTo(4);
    // The report's default period is a day: it ends at the last UTC midnight, before today's request.
    var report = TransparencyReportServiceGrpc.newBlockingStub(channel()).getTransparencyReport(
        GetTransparencyReportRequest.getDefaultInstance());
    assertThat(report.getTo().getSeconds()).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC)
        .atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond());
    assertThat(report.getTotal()).isZero();
  }

  @Test
  void aSkippedGatewayGetsTheSameRefusalsAsTheGateway() {
    String id = requests(OFFICER).createDisclosureRequest(Messages.create(Catalogues.CYBERSEC_ART26,
        IdentityField.FULL_NAME).build()).getId();
    Caller self = new Caller("officer-1", "officer-1", "agency-1", Set.of("agency-supervisor"));
    var refusal = Messages.refusal(() -> requests(self).approveDisclosureRequest(
        ApproveDisclosureRequestRequest.newBuilder().setId(id).build()));
    assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refusal.reason()).isEqualTo("forbidden");
    // The gateway's word alone files nothing: the official's own token must come with the call.
    var noEvidence = Messages.refusal(() -> DisclosureRequestServiceGrpc.newBlockingStub(channel())
        .withDeadlineAfter(20, TimeUnit.SECONDS).withInterceptors(CallerMetadata.attaching(OFFICER))
        .createDisclosureRequest(Messages.create(Catalogues.CYBERSEC_ART26, IdentityField.FULL_NAME).build()));
    assertThat(noEvidence.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    // The contract's access policy, enforced by the global caller interceptor: platforms file nothing.
    Caller platform = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
    assertThat(Messages.refusal(() -> requests(platform).createDisclosureRequest(Messages.create(
        Catalogues.CYBERSEC_ART26, IdentityField.FULL_NAME).build())).code()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void eventOutboxWhenTheGatewayCallsOverMutualTlsThenPermissionDenied() {
    // Served (not UNIMPLEMENTED), and only for webhook-dispatcher: the gateway's certificate, with or
    // without a caller, reads no event (EventOutboxGrpcTest covers every peer in process).
    var outbox = org.idnet.outbox.v1.EventOutboxServiceGrpc.newBlockingStub(channel())
        .withDeadlineAfter(20, TimeUnit.SECONDS);
    var read = org.idnet.outbox.v1.ReadEventsRequest.newBuilder().setLimit(10).build();
    assertThat(Messages.refusal(() -> outbox.readEvents(read)).code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    Caller platform = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
    assertThat(Messages.refusal(() -> outbox.withInterceptors(CallerMetadata.attaching(platform)).readEvents(read))
        .code()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void grpcPortRefusesPlaintextAndTheManagementPortServesNothingButHealthAndMetrics() throws Exception {
    ManagedChannel plain = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forTarget("localhost:" + grpcPort.port)
        .usePlaintext().build();
    try {
      var e = org.assertj.core.api.Assertions.catchThrowableOfType(io.grpc.StatusRuntimeException.class,
          () -> HealthGrpc.newBlockingStub(plain).withDeadlineAfter(10, TimeUnit.SECONDS)
              .check(HealthCheckRequest.getDefaultInstance()));
      assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
    } finally {
      plain.shutdownNow();
    }
    for (String path : new String[] {"/", "/actuator/env", "/actuator/beans", "/v1/disclosure-requests"}) {
      assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
          .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).as(path).isEqualTo(404);
    }
  }
}
