package org.idnet.otp;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.Peer;
import org.idnet.caller.PeerResolver;
import org.idnet.otp.testing.Calls;
import org.idnet.otp.testing.Errors;
import org.idnet.otp.testing.OtpHarness;
import org.idnet.otp.testing.RecordingIdentity;
import org.idnet.otp.testing.RecordingSmsSender;
import org.idnet.otp.v1.PhoneVerification;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.idnet.otp.v1.PhoneVerificationStatus;
import org.idnet.sandbox.v1.ListSmsRequest;
import org.idnet.sandbox.v1.SandboxSmsServiceGrpc;
import org.idnet.sandbox.v1.Sms;
import org.idnet.stores.TestStores;
import org.idnet.tls.MutualTls;
import org.idnet.tls.TlsDirectory;
import org.idnet.tls.dev.DevelopmentCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as deployed in the sandbox: random ports, real Redis, real sockets, mutual TLS
 * with certificates of a test CA (to its clients and to a recording identity-service).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.grpc.server.port=0")
@ActiveProfiles("sandbox")
@ExtendWith(OutputCaptureExtension.class)
class OtpServiceApplicationTest {

  static final Path TLS = tlsRoot();
  static final RecordingIdentity IDENTITY = new RecordingIdentity();
  static final MutualTls IDENTITY_TLS = MutualTls.load(TlsDirectory.require(TLS.resolve("identity-service")),
      Duration.ofMinutes(1));
  static final MutualTls GATEWAY_TLS = MutualTls.load(TlsDirectory.require(TLS.resolve("gateway")),
      Duration.ofMinutes(1));
  static final Server IDENTITY_SERVER = startIdentity();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("idnet.otp.redis-url", () -> TestStores.redis().uri() + "/7");
    registry.add("idnet.otp.identity-target", () -> "localhost:" + IDENTITY_SERVER.getPort());
    registry.add("idnet.tls.directory", () -> TLS.resolve("phone-otp-service").toString());
    registry.add("idnet.otp.code-hash-key", () -> OtpHarness.base64(OtpHarness.CODE_HASH_KEY));
    registry.add("idnet.otp.data-key", () -> OtpHarness.base64(OtpHarness.DATA_KEY));
  }

  @LocalServerPort
  int httpPort;
  @Autowired
  GrpcServerLifecycle grpcServer;
  ManagedChannel channel;

  @BeforeEach
  void connect() {
    channel = GATEWAY_TLS.channel("localhost:" + grpcServer.getPort(), "phone-otp-service").build();
  }

  @AfterEach
  void disconnect() {
    channel.shutdownNow();
  }

  @AfterAll
  static void stopIdentity() {
    IDENTITY_SERVER.shutdownNow();
    IDENTITY_TLS.close();
    GATEWAY_TLS.close();
  }

  @Test
  void healthWhenStartedThenServing() {
    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());
    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void verificationWhenCodeReadFromSandboxOutboxThenApprovedAndBound(CapturedOutput output) {
    PhoneVerificationServiceBlockingStub platform = PhoneVerificationServiceGrpc.newBlockingStub(channel)
        .withInterceptors(CallerMetadata.attaching(new Caller("client:platform-a", "platform-a", "", Set.of("platform"))))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
    PhoneVerification v = Calls.create(platform, "acc-1", "0912345678");

    // ListSms is public: no caller needed, like GET /sandbox/sms through the gateway.
    List<Sms> messages = SandboxSmsServiceGrpc.newBlockingStub(channel)
        .listSms(ListSmsRequest.newBuilder().setTo("+84912345678").build()).getMessagesList();
    assertThat(messages).isNotEmpty();
    String code = RecordingSmsSender.codeIn(messages.get(0).getText());

    PhoneVerification checked = Calls.check(platform, v.getId(), code);

    assertThat(checked.getStatus()).isEqualTo(PhoneVerificationStatus.APPROVED);
    assertThat(IDENTITY.calls()).anySatisfy(call -> {
      assertThat(call.request().getVerificationId()).isEqualTo(v.getId());
      assertThat(call.request().getPhoneNumber()).isEqualTo("+84912345678");
      // Over mutual TLS: identity-service saw this service's certificate, and no caller.
      assertThat(call.peer()).isEqualTo(new Peer("phone-otp-service"));
    });
    assertThat(output.getAll()).contains("+8491*****78").doesNotContain("912345678").doesNotContain(code);
  }

  @Test
  void createWhenNoCallerStatedThenUnauthenticated() {
    var e = Errors.failure(() -> Calls.create(PhoneVerificationServiceGrpc.newBlockingStub(channel), "acc-1", "0912345678"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void grpcPortWhenPlaintextThenRefused() {
    ManagedChannel plain = NettyChannelBuilder.forTarget("localhost:" + grpcServer.getPort()).usePlaintext().build();
    try {
      var e = Errors.failure(() -> HealthGrpc.newBlockingStub(plain).withDeadlineAfter(5, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      plain.shutdownNow();
    }
  }

  @Test
  void managementPortWhenAskedForAnythingButHealthAndMetricsThenNotFound() throws Exception {
    for (String path : new String[] {"/", "/actuator/env", "/actuator/beans", "/sandbox/sms", "/v1/phone-verifications"}) {
      assertThat(http(path).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void actuatorWhenStartedThenProbesAndPrometheusWithPrefixCapCounter() throws Exception {
    assertThat(http("/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThat(http("/actuator/health/readiness").statusCode()).isEqualTo(200);
    HttpResponse<String> prometheus = http("/actuator/prometheus");
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("idnet_otp_prefix_cap_hits_total");
  }

  private HttpResponse<String> http(String path) throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private static Server startIdentity() {
    try {
      return NettyServerBuilder.forPort(0, IDENTITY_TLS.serverCredentials())
          .addService(ServerInterceptors.intercept(IDENTITY, new CallerServerInterceptor(PeerResolver.mutualTls())))
          .build().start();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path tlsRoot() {
    try {
      Path root = Files.createTempDirectory("otp-app-tls");
      DevelopmentCa ca = DevelopmentCa.create("otp-app-test CA", Duration.ofDays(1));
      for (String service : new String[] {"phone-otp-service", "identity-service", "gateway"}) {
        ca.issueTo(root, service);
      }
      return root;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
